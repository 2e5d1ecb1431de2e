package report

import (
	"bytes"
	"strings"
	"sync"
	"unicode"

	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansitalic"
	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// The PDF's font: Liberation Sans 2 (SIL Open Font License; Latin,
// Greek, Cyrillic, common symbols), regular, bold and italic, embedded as
// UTF-8 TrueType subsets. It replaced the Go fonts, whose ASCII hyphen is
// as wide as an en dash, so that "2024-09-16" and "api-monthly" read as
// ranges.
const fontSans = "sans"

// fontFiles are the font's styles, as gofpdf names them, and their bytes.
var fontFiles = []struct {
	style string
	ttf   []byte
}{
	{"", liberationsansregular.TTF},
	{"B", liberationsansbold.TTF},
	{"I", liberationsansitalic.TTF},
}

// addFonts loads the fonts into pdf. Each document gets its own copy of the
// font bytes: gofpdf keeps and modifies state derived from them, and a
// shared slice would be a data race between concurrent renders.
func addFonts(pdf *gofpdf.Fpdf) {
	for _, f := range fontFiles {
		pdf.AddUTF8FontFromBytes(fontSans, f.style, bytes.Clone(f.ttf))
	}
}

// glyphs is the set of runes of the Basic Multilingual Plane that every
// font of the PDF can draw, computed once from the fonts' character maps.
// It is immutable after that, so concurrent renders share it safely.
var glyphs = sync.OnceValue(func() *[1 << 16 / 64]uint64 {
	set := new([1 << 16 / 64]uint64)
	var fonts []*sfnt.Font
	for _, ff := range fontFiles {
		f, err := sfnt.Parse(ff.ttf)
		if err != nil {
			return set // no font parses: nothing is drawable, clean replaces all
		}
		fonts = append(fonts, f)
	}
	var buf sfnt.Buffer
	for r := rune(0x20); r < 1<<16; r++ {
		ok := true
		for _, f := range fonts {
			if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
				ok = false
				break
			}
		}
		if ok {
			set[r/64] |= 1 << (r % 64)
		}
	}
	return set
})

// drawable reports whether every PDF font has a glyph for r.
func drawable(r rune) bool {
	return r >= 0 && r < 1<<16 && glyphs()[r/64]&(1<<(r%64)) != 0
}

// missing is what clean shows in place of text the fonts cannot draw.
const missing = "\u25a1" // □ WHITE SQUARE

// clean returns s as text the PDF's fonts can draw: the one gate every
// string passes on its way into the PDF. It
//   - replaces invalid UTF-8 and composes characters (NFC), so "e" plus a
//     combining accent becomes the drawable "é";
//   - keeps line breaks ("\n"; "\r\n" and "\r" become "\n") and turns tabs
//     and other control characters into spaces;
//   - drops invisible format characters and combining marks the fonts
//     lack (zero-width joiners, variation selectors);
//   - replaces each run of other characters the fonts lack (emoji, CJK,
//     scripts outside WGL4) with one □.
//
// gofpdf panics on some runes it has no width for; text that went through
// clean never contains one.
func clean(s string) string {
	s = strings.ToValidUTF8(s, missing)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = norm.NFC.String(s)
	var sb strings.Builder
	sb.Grow(len(s))
	lastMissing := false
	for _, r := range s {
		switch {
		case r == '\n':
			sb.WriteByte('\n')
		case r == '\r':
			sb.WriteByte('\n')
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			sb.WriteByte(' ')
		case drawable(r):
			sb.WriteRune(r)
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
			continue // invisible or attaching: nothing to show
		default:
			if !lastMissing {
				sb.WriteString(missing)
			}
			lastMissing = true
			continue
		}
		lastMissing = false
	}
	return sb.String()
}
