// Package broadcast turns a site's tagged posts into numbered issues of a
// reading list and mails them, never twice to anyone.
//
// An issue is a source file, _broadcasts/LIST/NNNN.md, that the site
// builds like any collection document; this package picks the posts that
// no earlier issue contained (by a stable id: the post's source path and
// URL, never its date), writes the issue, renders its email through the
// site's own layouts (site.RenderFiles), inlines its CSS and images, and
// delivers one message per recipient over SMTP.
//
// What was sent to whom lives in a ledger, a bbolt file under the site
// (.shine/broadcast.db). A recipient is marked "sending" before its
// message goes out and "sent" only once the server has accepted it, so a
// crash or a cut connection leaves everyone else pending and the next run
// finishes the issue. The message in flight at a crash (one per
// connection) is left "uncertain" and not sent again unless asked (at most once per recipient:
// a reader may miss an issue, never get it twice).
package broadcast
