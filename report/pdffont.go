package report

import (
	"bytes"
	"strings"
	"sync"
	"unicode"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// The PDF's fonts: the Go fonts (WGL4 coverage: Latin, Greek, Cyrillic,
// common symbols), embedded as UTF-8 TrueType subsets.
const (
	fontSans = "go"
	fontMono = "gomono"
)

// addFonts loads the fonts into pdf. Each document gets its own copy of the
// font bytes: gofpdf keeps and modifies state derived from them, and a
// shared slice would be a data race between concurrent renders.
func addFonts(pdf *gofpdf.Fpdf) {
	pdf.AddUTF8FontFromBytes(fontSans, "", bytes.Clone(goregular.TTF))
	pdf.AddUTF8FontFromBytes(fontSans, "B", bytes.Clone(gobold.TTF))
	pdf.AddUTF8FontFromBytes(fontSans, "I", bytes.Clone(goitalic.TTF))
	pdf.AddUTF8FontFromBytes(fontMono, "", bytes.Clone(gomono.TTF))
}

// glyphs is the set of runes of the Basic Multilingual Plane that every
// font of the PDF can draw, computed once from the fonts' character maps.
// It is immutable after that, so concurrent renders share it safely.
var glyphs = sync.OnceValue(func() *[1 << 16 / 64]uint64 {
	set := new([1 << 16 / 64]uint64)
	var fonts []*sfnt.Font
	for _, ttf := range [][]byte{goregular.TTF, gobold.TTF, goitalic.TTF, gomono.TTF} {
		f, err := sfnt.Parse(ttf)
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
