package org.unknot.reminders;

import android.app.AlarmManager;
import android.app.PendingIntent;
import android.content.Context;
import android.content.Intent;
import android.content.SharedPreferences;
import android.os.Build;
import android.util.Log;

import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

import java.util.Calendar;
import java.util.Locale;
import java.util.TimeZone;

/**
 * The reminder slots Python saved, when each fires next, and how an alarm is armed.
 *
 * <p>Python (unknot/services/android_alarms.py) writes every enabled reminder as one JSON
 * string in SharedPreferences and arms each first alarm; from then on the receivers here
 * run without Python: ReminderReceiver re-arms the next firing of the slot that fired and
 * RearmReceiver re-arms every slot after a reboot or a clock or time-zone change. So the
 * constants, the JSON keys and the arming rules below must stay the same as Python's
 * (tests/services/test_android_build_files.py compares them).
 *
 * <p>Framework APIs only (python-for-android's gradle set-up adds no androidx), and
 * Java 7 syntax (no lambdas), minimum API 24.
 */
public final class ReminderSchedule {
    public static final String PREFS_NAME = "unknot_reminders";
    public static final String KEY_SLOTS = "slots";
    public static final String ACTION_FIRE = "org.unknot.reminders.FIRE";
    public static final String EXTRA_REMINDER_ID = "org.unknot.reminders.REMINDER_ID";
    /** The instant (epoch ms, as a decimal string) the alarm was armed for. */
    public static final String EXTRA_DUE_AT = "org.unknot.reminders.DUE_AT";
    public static final int FORMAT = 1;

    static final String TAG = "unknot";
    static final long DAY_MS = 24L * 60L * 60L * 1000L;

    private ReminderSchedule() {
    }

    // -- the saved slots ---------------------------------------------------------------

    /** The saved state, or null when there is none (never armed, or data cleared). */
    public static JSONObject load(Context context) {
        SharedPreferences prefs = context.getSharedPreferences(PREFS_NAME, Context.MODE_PRIVATE);
        String text = prefs.getString(KEY_SLOTS, null);
        if (text == null) {
            return null;
        }
        try {
            JSONObject saved = new JSONObject(text);
            if (saved.optInt("format", 0) != FORMAT) {
                Log.w(TAG, "Reminder slots in an unknown format; waiting for the app to save them");
                return null;
            }
            return saved;
        } catch (JSONException e) {
            Log.w(TAG, "Reminder slots could not be read", e);
            return null;
        }
    }

    /** The slot of reminder {@code reminderId}, or null when it was removed or disabled since. */
    public static JSONObject findSlot(JSONObject saved, String reminderId) {
        JSONArray reminders = saved.optJSONArray("reminders");
        if (reminders == null || reminderId == null) {
            return null;
        }
        for (int i = 0; i < reminders.length(); i++) {
            JSONObject slot = reminders.optJSONObject(i);
            if (slot != null && reminderId.equals(slot.optString("id"))) {
                return slot;
            }
        }
        return null;
    }

    /**
     * A string value, or null when the key is missing or JSON null.
     * (optString turns JSON null into the four letters "null".)
     */
    static String optStringOrNull(JSONObject object, String key) {
        if (object == null || !object.has(key) || object.isNull(key)) {
            return null;
        }
        return object.optString(key);
    }

    /** True when the app said today (local date) needs no more reminders. */
    public static boolean isQuietDay(JSONObject saved, long nowMs, TimeZone zone) {
        String quietDay = optStringOrNull(saved, "quiet_day");
        return quietDay != null && quietDay.equals(localDate(nowMs, zone));
    }

    /** yyyy-MM-dd of {@code instantMs} in {@code zone}: Python's date.isoformat(). */
    static String localDate(long instantMs, TimeZone zone) {
        Calendar calendar = Calendar.getInstance(zone);
        calendar.setTimeInMillis(instantMs);
        return String.format(Locale.US, "%04d-%02d-%02d",
                calendar.get(Calendar.YEAR),
                calendar.get(Calendar.MONTH) + 1,
                calendar.get(Calendar.DAY_OF_MONTH));
    }

    // -- the arithmetic ----------------------------------------------------------------

    /**
     * The first firing strictly after {@code afterMs} of a slot at {@code hour}:{@code minute}
     * on the days in {@code daysMask} (bit 0 Monday .. bit 6 Sunday), or -1 for no days.
     *
     * <p>Wall-clock arithmetic in {@code zone}, so 8:00 stays 8:00 across daylight saving.
     * The same rules as unknot/core/reminders/schedule.py: a time inside a spring-forward gap fires
     * the same distance past the jump (lenient Calendar does this), and a time that happens
     * twice on a fall-back day fires at the first (Calendar picks the second: corrected).
     */
    public static long nextFiring(long afterMs, int hour, int minute, int daysMask, TimeZone zone) {
        if ((daysMask & 0x7f) == 0) {
            return -1L;
        }
        Calendar day = Calendar.getInstance(zone);
        day.setTimeInMillis(afterMs);
        // Noon: a date walk that never lands in a daylight-saving gap.
        day.set(Calendar.HOUR_OF_DAY, 12);
        // One day back, as Python does: a firing shifted out of a gap can land after
        // instants late on the previous day.
        day.add(Calendar.DAY_OF_MONTH, -1);
        for (int offset = 0; offset < 9; offset++) {
            int mondayFirst = (day.get(Calendar.DAY_OF_WEEK) + 5) % 7;
            if ((daysMask & (1 << mondayFirst)) != 0) {
                Calendar at = Calendar.getInstance(zone);
                at.clear();
                at.set(day.get(Calendar.YEAR), day.get(Calendar.MONTH),
                        day.get(Calendar.DAY_OF_MONTH), hour, minute, 0);
                long instant = firstOccurrence(at.getTimeInMillis(), zone);
                if (instant > afterMs) {
                    return instant;
                }
            }
            day.add(Calendar.DAY_OF_MONTH, 1);
        }
        return -1L;
    }

    /**
     * The earlier of two instants that show the same wall time, when {@code instantMs} is
     * the second pass through a fall-back hour; otherwise {@code instantMs} itself.
     */
    static long firstOccurrence(long instantMs, TimeZone zone) {
        int offsetAt = zone.getOffset(instantMs);
        int offsetBefore = zone.getOffset(instantMs - DAY_MS);
        if (offsetBefore > offsetAt) {
            long earlier = instantMs - (offsetBefore - offsetAt);
            if (zone.getOffset(earlier) == offsetBefore) {
                return earlier;
            }
        }
        return instantMs;
    }

    /**
     * When {@code slot} fires next after {@code afterMs}: its next daily firing, or a snooze
     * of the same reminder if one comes sooner; -1 when neither.
     */
    public static long nextDue(JSONObject saved, JSONObject slot, long afterMs, TimeZone zone) {
        long next = nextFiring(afterMs, slot.optInt("hour"), slot.optInt("minute"),
                slot.optInt("days"), zone);
        JSONArray snoozes = saved.optJSONArray("snoozes");
        String reminderId = slot.optString("id");
        if (snoozes != null) {
            for (int i = 0; i < snoozes.length(); i++) {
                JSONObject snooze = snoozes.optJSONObject(i);
                if (snooze == null || !reminderId.equals(snooze.optString("id"))) {
                    continue;
                }
                long at = snooze.optLong("at", -1L);
                if (at > afterMs && (next < 0 || at < next)) {
                    next = at;
                }
            }
        }
        return next;
    }

    // -- arming ------------------------------------------------------------------------

    /**
     * The alarm's PendingIntent. Python builds an equal Intent (same action, same explicit
     * component; extras do not count) for the same request code, so either side can
     * replace or cancel the other's alarm. FLAG_IMMUTABLE: required from Android 12, and
     * nothing needs to fill the intent in.
     */
    public static PendingIntent alarmIntent(Context context, int code, String reminderId,
            long dueAtMs) {
        Intent intent = new Intent(ACTION_FIRE);
        intent.setClassName(context.getPackageName(), ReminderReceiver.class.getName());
        intent.putExtra(EXTRA_REMINDER_ID, reminderId);
        intent.putExtra(EXTRA_DUE_AT, Long.toString(dueAtMs));
        return PendingIntent.getBroadcast(context, code, intent,
                PendingIntent.FLAG_UPDATE_CURRENT | PendingIntent.FLAG_IMMUTABLE);
    }

    /** True when exact alarms may be set: always before Android 12, then if granted. */
    public static boolean exactAllowed(AlarmManager alarms) {
        return Build.VERSION.SDK_INT < Build.VERSION_CODES.S || alarms.canScheduleExactAlarms();
    }

    /**
     * Arms one alarm at {@code atMs} (RTC_WAKEUP: wall-clock UTC, wakes the phone).
     *
     * <p>setAndAllowWhileIdle fires under Doze and needs no permission; the system may
     * deliver it some minutes late, which is fine for a reminder. setExactAndAllowWhileIdle
     * only when the person opted in and the system allows it (SCHEDULE_EXACT_ALARM is
     * denied by default on new Android 14 installs); if the permission went away in
     * between, SecurityException falls back to the inexact alarm.
     */
    public static void arm(Context context, int code, String reminderId, long atMs,
            boolean exactOptIn) {
        AlarmManager alarms = (AlarmManager) context.getSystemService(Context.ALARM_SERVICE);
        if (alarms == null) {
            return;
        }
        PendingIntent operation = alarmIntent(context, code, reminderId, atMs);
        if (exactOptIn && exactAllowed(alarms)) {
            try {
                alarms.setExactAndAllowWhileIdle(AlarmManager.RTC_WAKEUP, atMs, operation);
                return;
            } catch (SecurityException e) {
                Log.w(TAG, "Exact alarms not allowed any more; reminder armed inexact", e);
            }
        }
        alarms.setAndAllowWhileIdle(AlarmManager.RTC_WAKEUP, atMs, operation);
    }

    /** Arms the next firing of every saved slot: after a reboot, a clock or zone change. */
    public static int rearmAll(Context context, long nowMs) {
        JSONObject saved = load(context);
        if (saved == null) {
            return 0;
        }
        JSONArray reminders = saved.optJSONArray("reminders");
        if (reminders == null) {
            return 0;
        }
        TimeZone zone = TimeZone.getDefault();
        boolean exactOptIn = saved.optBoolean("exact", false);
        int armed = 0;
        for (int i = 0; i < reminders.length(); i++) {
            JSONObject slot = reminders.optJSONObject(i);
            if (slot == null) {
                continue;
            }
            long next = nextDue(saved, slot, nowMs, zone);
            if (next > 0) {
                arm(context, slot.optInt("code"), slot.optString("id"), next, exactOptIn);
                armed++;
            }
        }
        return armed;
    }
}
