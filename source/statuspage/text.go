package statuspage

import (
	"html"
	"regexp"
	"strings"

	xhtml "golang.org/x/net/html"
)

// PlainText converts the body of an incident update to plain text.
// Statuspage keeps bodies as their authors wrote them, which is plain text
// with line breaks or HTML (GitHub's early incidents are "<ul><li>…"
// lists; other pages write "<br />", "<p>" and links):
//
//   - tags are removed; <br> ends a line; <p>, <div>, headings, lists,
//     tables, <pre> and <blockquote> are paragraphs, separated by a blank
//     line; each <li> is a line starting with "- ";
//   - a link is its text followed by its URL in parentheses ("post-mortem
//     (https://…)"); a link whose text is its URL, or has none, is the URL;
//   - character references are decoded ("&amp;" is "&", "&#8217;" is "’");
//   - the content of <script> and <style> is dropped;
//   - spaces at the ends of lines are trimmed, runs of blank lines become
//     one, and the text is trimmed.
//
// Line breaks written in the text are kept. A body that holds no HTML tag
// (of those above, or b, i, em, strong, span, code, img, td, th) is plain
// text: only its character references are decoded, so "p<q" stays as it
// is.
func PlainText(body string) string {
	if !strings.ContainsAny(body, "<&") {
		return tidy(body)
	}
	if !htmlTag.MatchString(body) {
		return tidy(html.UnescapeString(body))
	}
	var b strings.Builder
	z := xhtml.NewTokenizer(strings.NewReader(body))
	type link struct {
		href  string
		start int // length of b when the link opened
	}
	var links []link
	skip := 0 // depth inside <script> and <style>
	for {
		tt := z.Next()
		switch tt {
		case xhtml.ErrorToken:
			return tidy(b.String())
		case xhtml.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken, xhtml.EndTagToken:
			name, hasAttr := z.TagName()
			end := tt == xhtml.EndTagToken
			switch tag := string(name); tag {
			case "script", "style":
				switch {
				case tt == xhtml.StartTagToken:
					skip++
				case end && skip > 0:
					skip--
				}
			case "br":
				b.WriteByte('\n')
			case "li":
				if !end {
					b.WriteString("\n- ")
				}
			case "p", "div", "ul", "ol", "table", "tr", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "hr":
				b.WriteString("\n\n")
			case "a":
				if !end {
					href := ""
					for hasAttr {
						var k, v []byte
						k, v, hasAttr = z.TagAttr()
						if string(k) == "href" {
							href = strings.TrimSpace(string(v))
						}
					}
					links = append(links, link{href, b.Len()})
					if tt == xhtml.SelfClosingTagToken {
						b.WriteString(href)
						links = links[:len(links)-1]
					}
					break
				}
				if len(links) == 0 {
					break
				}
				l := links[len(links)-1]
				links = links[:len(links)-1]
				switch anchor := strings.TrimSpace(b.String()[l.start:]); {
				case l.href == "" || anchor == l.href:
				case anchor == "":
					b.WriteString(l.href)
				default:
					b.WriteString(" (" + l.href + ")")
				}
			}
		}
	}
}

// htmlTag matches the tags that make a body HTML.
var htmlTag = regexp.MustCompile(`(?i)</?(a|b|i|u|em|strong|span|code|br|p|div|ul|ol|li|table|tr|td|th|pre|blockquote|h[1-6]|hr|img|script|style)\b`)

// tidy trims the spaces at the ends of lines, turns runs of blank lines
// into one, and trims the text.
func tidy(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := false
	for _, line := range lines {
		line = strings.TrimRight(line, " \t\r\u00a0")
		if line == "" {
			if !blank && len(out) > 0 {
				out = append(out, "")
			}
			blank = true
			continue
		}
		blank = false
		out = append(out, line)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
