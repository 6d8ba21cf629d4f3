// Case numbers are typed by hand, differently each time: "GL-600", "gl 600", "GL600" are one child.
// The recurrence rule (seed 004) compares them by this key: upper case, letters and digits only.
// The SQL store compares with the same rule (CASE_NUMBER_KEY_SQL), so both sides agree.

/** The key two case numbers are compared by: "gl 600" and "GL-600" are both "GL600". */
export function caseNumberKey(caseNumber: string): string {
  return caseNumber.toUpperCase().replace(/[^A-Z0-9]/g, '');
}
