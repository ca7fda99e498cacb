package org.unknot.reminders;

import android.content.BroadcastReceiver;
import android.content.Context;
import android.content.Intent;
import android.util.Log;

import org.json.JSONObject;

import java.util.TimeZone;

/**
 * An alarm fired: posts the reminder (unless today is quiet or the alarm came very late)
 * and arms the same reminder's next firing, all without starting Python.
 *
 * <p>Not exported: only AlarmManager, through the app's own PendingIntent, sends to it.
 * The work is a SharedPreferences read, one notification and one alarm: well inside the
 * time a receiver has on the main thread, so no goAsync.
 */
public class ReminderReceiver extends BroadcastReceiver {
    /**
     * An alarm delivered later than this (phone off, deep Doze, a rarely used app's
     * standby bucket) is not posted: the app sums up what was missed when it opens.
     */
    static final long LATE_LIMIT_MS = 2L * 60L * 60L * 1000L;

    @Override
    public void onReceive(Context context, Intent intent) {
        if (intent == null || !ReminderSchedule.ACTION_FIRE.equals(intent.getAction())) {
            return;
        }
        String reminderId = intent.getStringExtra(ReminderSchedule.EXTRA_REMINDER_ID);
        long now = System.currentTimeMillis();
        long dueAt = parseMillis(intent.getStringExtra(ReminderSchedule.EXTRA_DUE_AT), now);
        try {
            JSONObject saved = ReminderSchedule.load(context);
            JSONObject slot = saved == null ? null : ReminderSchedule.findSlot(saved, reminderId);
            if (slot == null) {
                // Removed or disabled since it was armed: nothing to post or re-arm.
                return;
            }
            TimeZone zone = TimeZone.getDefault();
            int code = slot.optInt("code");
            if (!ReminderSchedule.isQuietDay(saved, now, zone) && now - dueAt <= LATE_LIMIT_MS) {
                ReminderNotifier.post(context, code, slot.optString("title"),
                        slot.optString("text"), ReminderSchedule.optStringOrNull(slot, "routine_id"),
                        reminderId);
            }
            // From the later of now and the due time: an alarm delivered a moment early
            // must not re-arm the same firing.
            long next = ReminderSchedule.nextDue(saved, slot, Math.max(now, dueAt), zone);
            if (next > 0) {
                ReminderSchedule.arm(context, code, reminderId, next,
                        saved.optBoolean("exact", false));
            }
        } catch (RuntimeException e) {
            // A crash here would show nothing useful to the person; the app re-arms at start.
            Log.e(ReminderSchedule.TAG, "Reminder " + reminderId + " could not be handled", e);
        }
    }

    static long parseMillis(String text, long fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
