/** PHP's trim(), for stores whose framework trims passwords (WordPress). */
const PHP_TRIMMED = ' \t\n\r\0\x0B';

export function phpTrim(password: string): string {
  let start = 0;
  let end = password.length;
  while (start < end && PHP_TRIMMED.includes(password[start] as string)) start++;
  while (end > start && PHP_TRIMMED.includes(password[end - 1] as string)) end--;
  return password.slice(start, end);
}
