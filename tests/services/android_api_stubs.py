"""Java stubs of the Android API the reminder receivers use: enough for ``javac`` here.

No Android SDK on this machine, so android.jar is not available. These stubs
copy the signatures (names, parameter and return types, static and final, the
checked exceptions) of API level 35 for exactly the members
android/src/org/unknot/reminders uses, as android.jar's stubs do: bodies throw.
They let ``javac`` catch syntax errors, wrong types and misspelt members, and
let the JVM run the pure arithmetic (``ReminderSchedule.nextFiring``). They
cannot prove the real API behaves as documented; a device build can.

``Build.VERSION.SDK_INT`` is set in a static block, as in android.jar, so javac
cannot fold it into a constant.
"""

from __future__ import annotations

STUB = 'throw new RuntimeException("Stub!");'

STUBS: dict[str, str] = {
    "android/R.java": """
package android;
public final class R {
    public static final class drawable {
        public static final int ic_popup_reminder = 0x01080087;
    }
}
""",
    "android/os/Build.java": """
package android.os;
public class Build {
    public static class VERSION {
        public static final int SDK_INT;
        static { SDK_INT = 35; }
    }
    public static class VERSION_CODES {
        public static final int O = 26;
        public static final int S = 31;
        public static final int TIRAMISU = 33;
    }
}
""",
    "android/util/Log.java": f"""
package android.util;
public final class Log {{
    public static int i(String tag, String msg) {{ {STUB} }}
    public static int w(String tag, String msg) {{ {STUB} }}
    public static int w(String tag, String msg, Throwable tr) {{ {STUB} }}
    public static int e(String tag, String msg) {{ {STUB} }}
    public static int e(String tag, String msg, Throwable tr) {{ {STUB} }}
}}
""",
    "android/content/Context.java": """
package android.content;
public abstract class Context {
    public static final String ALARM_SERVICE = "alarm";
    public static final String NOTIFICATION_SERVICE = "notification";
    public static final int MODE_PRIVATE = 0;
    public abstract SharedPreferences getSharedPreferences(String name, int mode);
    public abstract Object getSystemService(String name);
    public abstract String getPackageName();
    public abstract android.content.pm.PackageManager getPackageManager();
    public abstract android.content.res.Resources getResources();
}
""",
    "android/content/SharedPreferences.java": """
package android.content;
public interface SharedPreferences {
    String getString(String key, String defValue);
    Editor edit();
    interface Editor {
        Editor putString(String key, String value);
        void apply();
        boolean commit();
    }
}
""",
    "android/content/ComponentName.java": f"""
package android.content;
public final class ComponentName {{
    public ComponentName(String pkg, String cls) {{ {STUB} }}
    public ComponentName(Context pkg, String cls) {{ {STUB} }}
}}
""",
    "android/content/Intent.java": f"""
package android.content;
public class Intent {{
    public static final int FLAG_ACTIVITY_NEW_TASK = 0x10000000;
    public static final int FLAG_ACTIVITY_SINGLE_TOP = 0x20000000;
    public Intent() {{ {STUB} }}
    public Intent(String action) {{ {STUB} }}
    public Intent(String action, android.net.Uri uri) {{ {STUB} }}
    public Intent(Context packageContext, Class<?> cls) {{ {STUB} }}
    public String getAction() {{ {STUB} }}
    public Intent setAction(String action) {{ {STUB} }}
    public Intent setClassName(String packageName, String className) {{ {STUB} }}
    public Intent setClassName(Context packageContext, String className) {{ {STUB} }}
    public Intent setComponent(ComponentName component) {{ {STUB} }}
    public ComponentName getComponent() {{ {STUB} }}
    public Intent putExtra(String name, String value) {{ {STUB} }}
    public Intent putExtra(String name, int value) {{ {STUB} }}
    public Intent putExtra(String name, long value) {{ {STUB} }}
    public String getStringExtra(String name) {{ {STUB} }}
    public Intent addFlags(int flags) {{ {STUB} }}
}}
""",
    "android/content/BroadcastReceiver.java": f"""
package android.content;
public abstract class BroadcastReceiver {{
    public BroadcastReceiver() {{ {STUB} }}
    public abstract void onReceive(Context context, Intent intent);
}}
""",
    "android/content/pm/PackageManager.java": """
package android.content.pm;
public abstract class PackageManager {
    public abstract android.content.Intent getLaunchIntentForPackage(String packageName);
}
""",
    "android/content/res/Resources.java": f"""
package android.content.res;
public class Resources {{
    public int getIdentifier(String name, String defType, String defPackage) {{ {STUB} }}
}}
""",
    "android/net/Uri.java": """
package android.net;
public abstract class Uri {
}
""",
    "android/app/PendingIntent.java": f"""
package android.app;
import android.content.Context;
import android.content.Intent;
public final class PendingIntent {{
    public static final int FLAG_ONE_SHOT = 1073741824;
    public static final int FLAG_NO_CREATE = 536870912;
    public static final int FLAG_CANCEL_CURRENT = 268435456;
    public static final int FLAG_UPDATE_CURRENT = 134217728;
    public static final int FLAG_IMMUTABLE = 67108864;
    public static final int FLAG_MUTABLE = 33554432;
    public static PendingIntent getBroadcast(Context context, int requestCode, Intent intent,
            int flags) {{ {STUB} }}
    public static PendingIntent getActivity(Context context, int requestCode, Intent intent,
            int flags) {{ {STUB} }}
    public void cancel() {{ {STUB} }}
}}
""",
    "android/app/AlarmManager.java": f"""
package android.app;
public class AlarmManager {{
    public static final int RTC_WAKEUP = 0;
    public static final int RTC = 1;
    public static final int ELAPSED_REALTIME_WAKEUP = 2;
    public static final int ELAPSED_REALTIME = 3;
    public void setAndAllowWhileIdle(int type, long triggerAtMillis, PendingIntent operation)
            {{ {STUB} }}
    public void setExactAndAllowWhileIdle(int type, long triggerAtMillis,
            PendingIntent operation) {{ {STUB} }}
    public boolean canScheduleExactAlarms() {{ {STUB} }}
    public void cancel(PendingIntent operation) {{ {STUB} }}
}}
""",
    "android/app/Notification.java": f"""
package android.app;
import android.content.Context;
public class Notification {{
    public static final String CATEGORY_ALARM = "alarm";
    public static final String CATEGORY_REMINDER = "reminder";
    public static final int DEFAULT_ALL = -1;
    @Deprecated public static final int PRIORITY_DEFAULT = 0;
    @Deprecated public static final int PRIORITY_HIGH = 1;
    public static class Builder {{
        public Builder(Context context, String channelId) {{ {STUB} }}
        @Deprecated public Builder(Context context) {{ {STUB} }}
        public Builder setSmallIcon(int icon) {{ {STUB} }}
        public Builder setContentTitle(CharSequence title) {{ {STUB} }}
        public Builder setContentText(CharSequence text) {{ {STUB} }}
        public Builder setCategory(String category) {{ {STUB} }}
        public Builder setShowWhen(boolean show) {{ {STUB} }}
        public Builder setWhen(long when) {{ {STUB} }}
        public Builder setAutoCancel(boolean autoCancel) {{ {STUB} }}
        public Builder setContentIntent(PendingIntent intent) {{ {STUB} }}
        @Deprecated public Builder setDefaults(int defaults) {{ {STUB} }}
        @Deprecated public Builder setPriority(int pri) {{ {STUB} }}
        public Notification build() {{ {STUB} }}
    }}
}}
""",
    "android/app/NotificationChannel.java": f"""
package android.app;
public final class NotificationChannel {{
    public NotificationChannel(String id, CharSequence name, int importance) {{ {STUB} }}
    public void setDescription(String description) {{ {STUB} }}
    public int getImportance() {{ {STUB} }}
}}
""",
    "android/app/NotificationManager.java": f"""
package android.app;
public class NotificationManager {{
    public static final int IMPORTANCE_NONE = 0;
    public static final int IMPORTANCE_DEFAULT = 3;
    public static final int IMPORTANCE_HIGH = 4;
    public boolean areNotificationsEnabled() {{ {STUB} }}
    public void createNotificationChannel(NotificationChannel channel) {{ {STUB} }}
    public NotificationChannel getNotificationChannel(String channelId) {{ {STUB} }}
    public void notify(int id, Notification notification) {{ {STUB} }}
}}
""",
    "org/json/JSONException.java": f"""
package org.json;
public class JSONException extends Exception {{
    public JSONException(String s) {{ {STUB} }}
}}
""",
    "org/json/JSONObject.java": f"""
package org.json;
public class JSONObject {{
    public static final Object NULL = null;
    public JSONObject(String json) throws JSONException {{ {STUB} }}
    public boolean has(String name) {{ {STUB} }}
    public boolean isNull(String name) {{ {STUB} }}
    public int optInt(String name) {{ {STUB} }}
    public int optInt(String name, int fallback) {{ {STUB} }}
    public long optLong(String name, long fallback) {{ {STUB} }}
    public boolean optBoolean(String name, boolean fallback) {{ {STUB} }}
    public String optString(String name) {{ {STUB} }}
    public JSONArray optJSONArray(String name) {{ {STUB} }}
}}
""",
    "org/json/JSONArray.java": f"""
package org.json;
public class JSONArray {{
    public int length() {{ {STUB} }}
    public JSONObject optJSONObject(int index) {{ {STUB} }}
}}
""",
}
