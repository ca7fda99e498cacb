package org.unknot.reminders;

import android.content.BroadcastReceiver;
import android.content.Context;
import android.content.Intent;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands the cue service what the session notification's buttons (and the app's wake-ups)
 * send: Pause, Resume, "Stop: pain is worse", End, look at the files now.
 *
 * <p>Declared by the p4a hook in the cue service's own process (":service_cues"), so the
 * queue below is the one the service's Python thread waits on through {@link #next}: it
 * sleeps until the next deadline or the next tap, whichever comes first, with no polling.
 * Not exported: only the app's own explicit PendingIntents and broadcasts reach it.
 */
public class SessionActionReceiver extends BroadcastReceiver {
    public static final String ACTION_PAUSE = "org.unknot.reminders.SESSION_PAUSE";
    public static final String ACTION_RESUME = "org.unknot.reminders.SESSION_RESUME";
    public static final String ACTION_STOP_FOR_PAIN = "org.unknot.reminders.SESSION_STOP_FOR_PAIN";
    public static final String ACTION_END = "org.unknot.reminders.SESSION_END";
    public static final String ACTION_WAKE = "org.unknot.reminders.SESSION_WAKE";
    static final String[] ACTIONS = {
        ACTION_PAUSE, ACTION_RESUME, ACTION_STOP_FOR_PAIN, ACTION_END, ACTION_WAKE,
    };

    private static final LinkedBlockingQueue<String> QUEUE = new LinkedBlockingQueue<String>();

    @Override
    public void onReceive(Context context, Intent intent) {
        String action = intent == null ? null : intent.getAction();
        if (action == null) {
            return;
        }
        for (String known : ACTIONS) {
            if (known.equals(action)) {
                QUEUE.offer(action);
                return;
            }
        }
    }

    /**
     * The next action, waiting up to {@code timeoutMs}; null when none came. Called from the
     * service's Python thread (pyjnius releases the GIL during the call).
     */
    public static String next(long timeoutMs) {
        try {
            return QUEUE.poll(Math.max(0L, timeoutMs), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
