package org.unknot.reminders;

import android.app.Notification;
import android.app.NotificationChannel;
import android.app.NotificationManager;
import android.app.PendingIntent;
import android.content.ComponentName;
import android.content.Context;
import android.content.Intent;
import android.os.Build;
import android.util.Log;

/**
 * Posts a reminder notification on the "reminders" channel; tapping it opens the app
 * onto the reminder's routine.
 *
 * <p>Used by ReminderReceiver when an alarm fires with the app closed, and from Python
 * (AndroidNotifier, through pyjnius) while the app runs, so both kinds of notification
 * look the same and carry the routine id the same way.
 */
public final class ReminderNotifier {
    public static final String CHANNEL_ID = "reminders";
    public static final String ACTION_OPEN = "org.unknot.reminders.OPEN";
    public static final String EXTRA_ROUTINE_ID = "org.unknot.reminders.ROUTINE_ID";
    /** The activity python-for-android starts; used when the launcher has none to offer. */
    static final String PYTHON_ACTIVITY = "org.kivy.android.PythonActivity";
    /** A monochrome status-bar icon the app may ship later (res/drawable/ic_stat_unknot). */
    static final String STATUS_ICON = "ic_stat_unknot";

    private ReminderNotifier() {
    }

    /**
     * Posts (or replaces) notification {@code id}; false when notifications are off.
     *
     * <p>From Android 13 the app needs POST_NOTIFICATIONS, and the person may block the
     * app or the channel on any version: areNotificationsEnabled covers the first two (a
     * notify() without them is silently dropped), the channel's importance the third.
     */
    public static boolean post(Context context, int id, String title, String text,
            String routineId, String reminderId) {
        NotificationManager manager =
                (NotificationManager) context.getSystemService(Context.NOTIFICATION_SERVICE);
        if (manager == null || !manager.areNotificationsEnabled()) {
            return false;
        }
        Notification.Builder builder;
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.O) {
            ensureChannel(context, manager);
            NotificationChannel channel = manager.getNotificationChannel(CHANNEL_ID);
            if (channel != null
                    && channel.getImportance() == NotificationManager.IMPORTANCE_NONE) {
                return false;
            }
            builder = new Notification.Builder(context, CHANNEL_ID);
        } else {
            builder = legacyBuilder(context);
        }
        builder.setSmallIcon(statusIcon(context))
                .setContentTitle(title)
                .setContentText(text)
                .setCategory(Notification.CATEGORY_REMINDER)
                .setShowWhen(true)
                .setWhen(System.currentTimeMillis())
                .setAutoCancel(true)
                .setContentIntent(openIntent(context, id, routineId, reminderId));
        manager.notify(id, builder.build());
        return true;
    }

    /**
     * Creates the channel; creating one that exists only updates its name and description,
     * and never the importance the person chose, so this runs before every post.
     */
    static void ensureChannel(Context context, NotificationManager manager) {
        NotificationChannel channel = new NotificationChannel(
                CHANNEL_ID, "Reminders", NotificationManager.IMPORTANCE_DEFAULT);
        channel.setDescription("Daily reminders for your routines");
        manager.createNotificationChannel(channel);
    }

    /** Android 7 (API 24-25) has no channels: sound and vibration are set per notification. */
    @SuppressWarnings("deprecation")
    private static Notification.Builder legacyBuilder(Context context) {
        Notification.Builder builder = new Notification.Builder(context);
        builder.setDefaults(Notification.DEFAULT_ALL);
        builder.setPriority(Notification.PRIORITY_DEFAULT);
        return builder;
    }

    /**
     * The app's own monochrome icon if it ships one, else the platform's reminder bell.
     * The launcher icon is not used: the status bar draws only its alpha channel, and
     * an opaque square icon shows as a white square.
     */
    static int statusIcon(Context context) {
        int own = context.getResources().getIdentifier(
                STATUS_ICON, "drawable", context.getPackageName());
        return own != 0 ? own : android.R.drawable.ic_popup_reminder;
    }

    /**
     * Opens the app's activity with the routine id. A distinct action keeps this intent
     * from matching the launcher's, so a running app gets it through onNewIntent instead
     * of only being brought to the front. The request code is the notification id, so
     * two reminders' notifications keep their own extras (FLAG_UPDATE_CURRENT replaces the
     * extras of an equal PendingIntent).
     */
    static PendingIntent openIntent(Context context, int id, String routineId,
            String reminderId) {
        Intent open = new Intent(ACTION_OPEN);
        open.setComponent(launcherComponent(context));
        if (routineId != null) {
            open.putExtra(EXTRA_ROUTINE_ID, routineId);
        }
        if (reminderId != null) {
            open.putExtra(ReminderSchedule.EXTRA_REMINDER_ID, reminderId);
        }
        open.addFlags(Intent.FLAG_ACTIVITY_NEW_TASK | Intent.FLAG_ACTIVITY_SINGLE_TOP);
        return PendingIntent.getActivity(context, id, open,
                PendingIntent.FLAG_UPDATE_CURRENT | PendingIntent.FLAG_IMMUTABLE);
    }

    static ComponentName launcherComponent(Context context) {
        Intent launch = context.getPackageManager()
                .getLaunchIntentForPackage(context.getPackageName());
        if (launch != null && launch.getComponent() != null) {
            return launch.getComponent();
        }
        Log.w(ReminderSchedule.TAG, "No launcher activity found; opening " + PYTHON_ACTIVITY);
        return new ComponentName(context.getPackageName(), PYTHON_ACTIVITY);
    }
}
