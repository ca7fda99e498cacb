package org.unknot.reminders;

import android.app.Notification;
import android.app.NotificationChannel;
import android.app.NotificationManager;
import android.content.BroadcastReceiver;
import android.content.Context;
import android.content.Intent;
import android.os.Build;
import android.util.Log;

/**
 * A heat step ended while the app was in the background: posts "take the heat pack off"
 * on the "heat" channel, in the words Python put in the alarm's intent.
 *
 * <p>Armed from Python (unknot/services/android/heat_alarm.py) as a one-shot alarm; it
 * re-arms nothing, unlike ReminderReceiver. Not exported: only AlarmManager, through the
 * app's own PendingIntent, sends to it. Its channel is its own, with high importance
 * (heads-up, sound), so a person who silenced the reminders still hears this one.
 */
public class HeatAlarmReceiver extends BroadcastReceiver {
    public static final String ACTION_HEAT_DONE = "org.unknot.reminders.HEAT_DONE";
    public static final String EXTRA_TITLE = "org.unknot.reminders.HEAT_TITLE";
    public static final String EXTRA_TEXT = "org.unknot.reminders.HEAT_TEXT";
    public static final String CHANNEL_ID = "heat";
    /** Used when the intent carries no words; Python's exact-alarm title. */
    static final String FALLBACK_TITLE = "Take the heat pack off now";
    /** Reminder notifications use their codes, 1000 and up: this one never replaces them. */
    static final int NOTIFICATION_ID = 1;

    @Override
    public void onReceive(Context context, Intent intent) {
        if (intent == null || !ACTION_HEAT_DONE.equals(intent.getAction())) {
            return;
        }
        String title = intent.getStringExtra(EXTRA_TITLE);
        String text = intent.getStringExtra(EXTRA_TEXT);
        try {
            if (!post(context, title == null ? FALLBACK_TITLE : title, text)) {
                Log.w(ReminderSchedule.TAG, "Notifications are off: the heat notice was not shown");
            }
        } catch (RuntimeException e) {
            // A crash here would show nothing useful to the person.
            Log.e(ReminderSchedule.TAG, "The heat notice could not be posted", e);
        }
    }

    /** Posts (or replaces) the heat notice; false when notifications are off. */
    static boolean post(Context context, String title, String text) {
        NotificationManager manager =
                (NotificationManager) context.getSystemService(Context.NOTIFICATION_SERVICE);
        if (manager == null || !manager.areNotificationsEnabled()) {
            return false;
        }
        Notification.Builder builder;
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.O) {
            ensureChannel(manager);
            NotificationChannel channel = manager.getNotificationChannel(CHANNEL_ID);
            if (channel != null
                    && channel.getImportance() == NotificationManager.IMPORTANCE_NONE) {
                return false;
            }
            builder = new Notification.Builder(context, CHANNEL_ID);
        } else {
            builder = legacyBuilder(context);
        }
        builder.setSmallIcon(ReminderNotifier.statusIcon(context))
                .setContentTitle(title)
                .setCategory(Notification.CATEGORY_ALARM)
                .setShowWhen(true)
                .setWhen(System.currentTimeMillis())
                .setAutoCancel(true)
                .setContentIntent(
                        ReminderNotifier.openIntent(context, NOTIFICATION_ID, null, null));
        if (text != null) {
            builder.setContentText(text);
        }
        manager.notify(NOTIFICATION_ID, builder.build());
        return true;
    }

    /**
     * Creates the channel; creating one that exists only updates its name and description,
     * and never the importance the person chose, so this runs before every post.
     */
    static void ensureChannel(NotificationManager manager) {
        NotificationChannel channel = new NotificationChannel(
                CHANNEL_ID, "Heat step", NotificationManager.IMPORTANCE_HIGH);
        channel.setDescription("Tells you when to take the heat pack off");
        manager.createNotificationChannel(channel);
    }

    /** Android 7 (API 24-25) has no channels: priority, sound and vibration per notification. */
    @SuppressWarnings("deprecation")
    private static Notification.Builder legacyBuilder(Context context) {
        Notification.Builder builder = new Notification.Builder(context);
        builder.setDefaults(Notification.DEFAULT_ALL);
        builder.setPriority(Notification.PRIORITY_HIGH);
        return builder;
    }
}
