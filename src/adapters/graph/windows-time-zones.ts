// The one Windows → IANA time-zone table for the Graph adapters. Exchange names zones the Windows way
// ("GMT Standard Time") in mailbox settings, working hours and, unless asked otherwise, event times;
// luxon needs IANA names. Each entry is the territory-001 ("golden zone") mapping of the Unicode CLDR
// table, common/supplemental/windowsZones.xml
// (https://github.com/unicode-org/cldr/blob/main/common/supplemental/windowsZones.xml), for the
// zones a council's staff and guests are likely to be in. Where CLDR keeps an old IANA name as the
// key (Asia/Calcutta), the current canonical name it links to is used (Asia/Kolkata); both are the
// same zone. A few non-CLDR spellings Exchange also writes for UTC are added at the end.
import { DateTime } from 'luxon';

export const WINDOWS_TO_IANA: Readonly<Record<string, string>> = Object.freeze({
  // CLDR windowsZones.xml, territory 001
  UTC: 'UTC', // CLDR: Etc/UTC (UTC is its IANA link)
  'GMT Standard Time': 'Europe/London',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Romance Standard Time': 'Europe/Paris',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Central European Standard Time': 'Europe/Warsaw',
  'GTB Standard Time': 'Europe/Bucharest',
  'FLE Standard Time': 'Europe/Kiev',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'Russian Standard Time': 'Europe/Moscow',
  'Turkey Standard Time': 'Europe/Istanbul',
  'Eastern Standard Time': 'America/New_York',
  'Central Standard Time': 'America/Chicago',
  'Mountain Standard Time': 'America/Denver',
  'Pacific Standard Time': 'America/Los_Angeles',
  'India Standard Time': 'Asia/Kolkata', // CLDR: Asia/Calcutta, the same zone
  'Pakistan Standard Time': 'Asia/Karachi',
  'Bangladesh Standard Time': 'Asia/Dhaka',
  'China Standard Time': 'Asia/Shanghai',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'AUS Eastern Standard Time': 'Australia/Sydney',
  'New Zealand Standard Time': 'Pacific/Auckland',
  'South Africa Standard Time': 'Africa/Johannesburg',
  'W. Central Africa Standard Time': 'Africa/Lagos',
  // Not in CLDR: other names Exchange and Outlook write for UTC.
  'Coordinated Universal Time': 'UTC',
  'tzone://Microsoft/Utc': 'UTC',
  'Etc/GMT': 'UTC',
});

/** An IANA zone for a zone name Graph uses (IANA already, or a Windows name); null if unknown. */
export function ianaZone(name: string): string | null {
  const mapped = WINDOWS_TO_IANA[name];
  if (mapped) return mapped;
  return DateTime.now().setZone(name).isValid ? name : null;
}
