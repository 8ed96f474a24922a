/*
 * password.h - the password rule (issue 3, ASVS 5.0 V6.2): 12 to 128
 * characters, no composition rules, not containing the username, and not
 * a common password.  "Common" means on the list shipped with Tandem
 * (lists/common-passwords.txt, embedded in the binary; see lists/README.md)
 * or one of the shapes that pad a common password out to the length rule.
 *
 * Nothing here allocates or logs the password.  Everything is safe to call
 * from any thread: the list is loaded once, on first use, under
 * pthread_once, and only read after that.
 */
#ifndef TANDEM_APP_PASSWORD_H
#define TANDEM_APP_PASSWORD_H

#include <stdbool.h>

/* Load the embedded list (lists/common-passwords.txt).  Call once at
 * start-up so the cost (about a millisecond: one pass that checks the
 * file is sorted) is not paid by the first registration; later calls, and
 * the functions below, do nothing more.  If the file is not embedded a
 * warning is logged once and only the shape rules apply.  A file that is
 * embedded but not sorted, lower-case and LF-terminated is a broken build:
 * it is logged and the process aborts. */
void app_password_list_init(void);

/* Is `password` too common?  True when, folding ASCII case and trimming
 * nothing, it is
 *   - on the list;
 *   - a listed entry, or a run of one repeated, with only ASCII digits,
 *     punctuation and spaces before and/or after it ("password1234",
 *     "!!qwerty2024", "passwordpassword99");
 *     a base made only of digits and punctuation counts from 6 characters,
 *     any other from 4, so "123456" + "7890!!" counts but a 12-digit PIN
 *     that merely starts with a listed year does not;
 *   - one unit repeated, with or without one separator between the
 *     copies, where the unit is listed or 3 characters or fewer
 *     ("qwertyqwerty", "love love love", "aaaaaaaaaaaa", "ababababab");
 *   - a run along the alphabet, the digits (wrapping 9 to 0) or a keyboard
 *     row or column, either way, of 4 or more characters
 *     ("abcdefghijkl", "123456789012", "lkjhgfdsapoi").
 * NULL and "" are not common (app_password_problem catches them first).
 * Inputs longer than 512 bytes are checked whole only (no padding split),
 * which bounds the work; the length rule refuses them anyway. */
bool app_password_is_common(const char *password);

/* The whole rule, in this order.  NULL when acceptable, otherwise the
 * message for the password field (a static string):
 *   "Enter a password"                          NULL or ""
 *   "Password must be 12 characters or more"    counted in UTF-8 code points
 *   "Password must be 128 characters or fewer"
 *   "Password must not contain your username"   ASCII case folded; skipped
 *                                               when username is NULL or ""
 *   "This password is too common. Choose one that would be hard to guess,
 *    such as three random words"                app_password_is_common
 * `password` must be valid UTF-8 (the form layer checks that). */
const char *app_password_problem(const char *password, const char *username);

#endif
