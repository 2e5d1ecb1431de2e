package report

import (
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file holds the Markdown renderer's escaping: every string a report
// shows goes through escape (or, inside the Mermaid block, mermaidText), so
// text from an incident file renders as itself and nothing else.

// collapse makes s one line: invalid UTF-8 becomes U+FFFD; line breaks,
// tabs, other control characters and runs of spaces become one space; the
// ends are trimmed. No-break spaces are kept.
func collapse(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var sb strings.Builder
	sb.Grow(len(s))
	space := false
	for _, r := range s {
		if r == ' ' || unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			space = sb.Len() > 0
			continue
		}
		if space {
			sb.WriteByte(' ')
			space = false
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

// escape returns s as one line of GitHub-flavoured Markdown that renders
// as the literal text of s, wherever it is put: a table cell, a list item,
// a heading or a paragraph. It
//   - collapses s to one line (see collapse), so it cannot end a table row
//     or start a block;
//   - backslash-escapes the characters that start inline syntax anywhere:
//     \ ` * _ [ ] < > | ~ & $ # @ (so no emphasis, code span, link, image,
//     HTML tag or entity, table cell break, strikethrough, math, issue
//     reference or mention comes out of it);
//   - escapes what makes a block at the start of a line: ">", a "-", "+"
//     or "=" that starts a list item, thematic break or setext underline,
//     and the "." or ")" of an ordered-list marker ("1. ");
//   - breaks the patterns of GFM's extended autolinks: "://" and "www.".
func escape(s string) string {
	s = collapse(s)
	var sb strings.Builder
	sb.Grow(len(s) + len(s)/8)
	// An ordered-list marker at the start: up to 9 digits then "." or ")".
	listMark := -1
	if n := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }); n > 0 && n <= 9 &&
		(s[n] == '.' || s[n] == ')') && (n+1 == len(s) || s[n+1] == ' ') {
		listMark = n
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case strings.ContainsRune("\\`*_[]<>|~&$#@", r):
			sb.WriteByte('\\')
		case i == 0 && r == '>':
			sb.WriteByte('\\')
		case i == 0 && strings.ContainsRune("-+=", r) && (len(s) == 1 || s[1] == ' ' || s[1] == s[0]):
			// A list item ("- x"), a thematic break or setext underline
			// ("---", "==="); "-13h" is none of those and stays as it is.
			sb.WriteByte('\\')
		case i == listMark:
			sb.WriteByte('\\')
		case r == ':' && strings.HasPrefix(s[i+1:], "//"):
			sb.WriteByte('\\')
		case r == '.' && i >= 3 && strings.EqualFold(s[i-3:i], "www") && (i == 3 || !isWordByte(s[i-4])):
			sb.WriteByte('\\')
		}
		sb.WriteString(s[i : i+size])
		i += size
	}
	return sb.String()
}

// safeURL returns raw as a Markdown link destination when it is an
// absolute http or https URL with a host, percent-encoding anything that
// could end the destination; ok is false for anything else, which is then
// shown as escaped text only.
func safeURL(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" || strings.ContainsFunc(raw, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return "", false
	}
	s := u.String()
	r := strings.NewReplacer("(", "%28", ")", "%29", "<", "%3C", ">", "%3E", "\\", "%5C", "`", "%60", "|", "%7C", "[", "%5B", "]", "%5D", "*", "%2A", "_", "%5F")
	return r.Replace(s), true
}

func isWordByte(c byte) bool {
	return c == '_' || c == '-' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// mermaidText returns s as text for a Mermaid gantt (a section name, a
// task label, the title): one line, with every character Mermaid or the
// surrounding Markdown fence could read as syntax written as a Mermaid
// entity code ("#58;" for ":"). Letters, digits, spaces and . , - _ ( ) /
// ' + ! ? are kept as they are. It never returns an empty string.
func mermaidText(s string) string {
	s = collapse(s)
	var sb strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(".,-_()/'+!?", r):
			sb.WriteRune(r)
		case r < 0x80 || !unicode.IsPrint(r):
			sb.WriteString("#" + strconv.Itoa(int(r)) + ";")
		default:
			sb.WriteRune(r) // other printable non-ASCII: symbols, marks
		}
	}
	if sb.Len() == 0 {
		return "#8203;" // a zero-width space: Mermaid needs some text
	}
	return sb.String()
}
