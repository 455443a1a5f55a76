/* time.c: time() and gmtime (proleptic Gregorian, UTC only). */
#include <time.h>

time_t time(time_t *t)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
		return -1;
	if (t)
		*t = ts.tv_sec;
	return ts.tv_sec;
}

struct tm *gmtime_r(const time_t *tp, struct tm *tm)
{
	long t = *tp;
	long days = t / 86400, rem = t % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	tm->tm_hour = rem / 3600;
	tm->tm_min = rem % 3600 / 60;
	tm->tm_sec = rem % 60;
	tm->tm_wday = (int)((days % 7 + 11) % 7); /* 1970-01-01 was a Thursday */
	/* civil from days (Howard Hinnant's algorithm) */
	long z = days + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	if (m <= 2)
		y++;
	tm->tm_year = (int)(y - 1900);
	tm->tm_mon = (int)(m - 1);
	tm->tm_mday = (int)d;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	static const short cum[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
	tm->tm_yday = cum[m - 1] + (int)d - 1 + (leap && m > 2);
	tm->tm_isdst = 0;
	return tm;
}

struct tm *gmtime(const time_t *t)
{
	static struct tm tm;
	return gmtime_r(t, &tm);
}
