package org.unknot.reminders;

import android.content.BroadcastReceiver;
import android.content.Context;
import android.content.Intent;
import android.util.Log;

/**
 * Arms every saved reminder again when its alarm may be gone or wrong.
 *
 * <ul>
 * <li>BOOT_COMPLETED: a reboot clears every alarm. (LOCKED_BOOT_COMPLETED is not needed:
 *     the slots live in credential-protected storage, readable only after unlock.)
 * <li>TIME_SET, TIMEZONE_CHANGED: alarms are armed in UTC; 8:00 in a new zone is
 *     another instant.
 * <li>MY_PACKAGE_REPLACED: after an update, in case the saved format or the rules changed.
 * <li>SCHEDULE_EXACT_ALARM_PERMISSION_STATE_CHANGED: the person allowed exact alarms
 *     (Android 12+); re-armed exact if they opted in.
 * </ul>
 *
 * <p>Declared exported="false" with these intent filters: the system (system_server)
 * may deliver to receivers that are not exported, other apps may not, so no other app
 * can make this one run. The first four are on the implicit-broadcast exceptions list
 * (Android 8+); the last two are sent to this package only.
 */
public class RearmReceiver extends BroadcastReceiver {
    static final String[] ACTIONS = {
        "android.intent.action.BOOT_COMPLETED",
        "android.intent.action.TIME_SET",
        "android.intent.action.TIMEZONE_CHANGED",
        "android.intent.action.MY_PACKAGE_REPLACED",
        "android.app.action.SCHEDULE_EXACT_ALARM_PERMISSION_STATE_CHANGED",
    };

    @Override
    public void onReceive(Context context, Intent intent) {
        String action = intent == null ? null : intent.getAction();
        if (!handles(action)) {
            return;
        }
        try {
            int armed = ReminderSchedule.rearmAll(context, System.currentTimeMillis());
            Log.i(ReminderSchedule.TAG, "Re-armed " + armed + " reminders after " + action);
        } catch (RuntimeException e) {
            Log.e(ReminderSchedule.TAG, "Reminders could not be re-armed after " + action, e);
        }
    }

    static boolean handles(String action) {
        if (action == null) {
            return false;
        }
        for (String known : ACTIONS) {
            if (known.equals(action)) {
                return true;
            }
        }
        return false;
    }
}
