/**
 * Staff read every mail the program sent (the console's mail view), but must never hold a usable
 * one-time link: a confirmation, reset or email-change link is the participant's credential. The
 * recorded text keeps the link (a retried activity re-sends exactly what it recorded), so the staff
 * API masks it on the way out, as the sign-in code and reset mails are masked when recorded. To help
 * a participant whose link got lost, support resends it (a fresh mail to the participant).
 */

/** `…?token=<secret>` becomes `…?token=•••` in any link of the text. */
export const maskLinkTokens = (text: string): string => text.replace(/([?&]token=)[^\s&#"'<>]+/g, '$1•••');
