package report

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
	"golang.org/x/text/number"
)

// The catalogs: one file per language, named by its BCP 47 tag. Adding a
// file here adds a language; nothing else needs to change.
//
//go:embed locales/*.txt
var localeFiles embed.FS

// sourceLang is the language of the reference catalog: every key exists in
// it, and other catalogs fall back to it key by key.
var sourceLang = language.English

// catalogFile is one parsed catalog file.
type catalogFile struct {
	tag  language.Tag
	msgs map[string]string
}

// loadCatalogs parses every embedded catalog, the source language first and
// the others sorted by tag. The files are part of the binary and checked by
// the tests, so an error here is a build defect; it is reported all the same.
var loadCatalogs = sync.OnceValues(func() ([]catalogFile, error) {
	names, err := localeFiles.ReadDir("locales")
	if err != nil {
		return nil, err
	}
	var files []catalogFile
	for _, e := range names {
		name := e.Name()
		tag, err := language.Parse(strings.TrimSuffix(name, ".txt"))
		if err != nil {
			return nil, fmt.Errorf("catalog %q: %w", name, err)
		}
		data, err := localeFiles.ReadFile(path.Join("locales", name))
		if err != nil {
			return nil, err
		}
		msgs, err := parseCatalog(name, data)
		if err != nil {
			return nil, err
		}
		files = append(files, catalogFile{tag, msgs})
	}
	slices.SortFunc(files, func(a, b catalogFile) int {
		if a.tag == sourceLang {
			return -1
		}
		if b.tag == sourceLang {
			return 1
		}
		return strings.Compare(a.tag.String(), b.tag.String())
	})
	if len(files) == 0 || files[0].tag != sourceLang {
		return nil, fmt.Errorf("no catalog for the source language %q", sourceLang)
	}
	return files, nil
})

// parseCatalog reads "key = message" lines; see locales/en.txt.
func parseCatalog(name string, data []byte) (map[string]string, error) {
	msgs := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, msg, ok := strings.Cut(line, "=")
		key, msg = strings.TrimSpace(key), strings.TrimSpace(msg)
		if !ok || key == "" {
			return nil, fmt.Errorf("catalog %s:%d: want \"key = message\"", name, n)
		}
		if strings.HasPrefix(msg, `"`) {
			u, err := strconv.Unquote(msg)
			if err != nil {
				return nil, fmt.Errorf("catalog %s:%d: %w", name, n, err)
			}
			msg = u
		}
		if _, dup := msgs[key]; dup {
			return nil, fmt.Errorf("catalog %s:%d: key %q given twice", name, n, key)
		}
		msgs[key] = msg
	}
	return msgs, sc.Err()
}

// Languages returns the languages a report can be written in, English first.
func Languages() []language.Tag {
	files, err := loadCatalogs()
	if err != nil {
		return []language.Tag{sourceLang}
	}
	tags := make([]language.Tag, len(files))
	for i, f := range files {
		tags[i] = f.tag
	}
	return tags
}

// locale is everything language-dependent about one document: its messages
// and how it writes numbers. A locale is built per document and never
// shared, so nothing global is ever modified.
type locale struct {
	tag language.Tag
	p   *message.Printer

	decimalSep     string // "." or ","
	minus          string
	pctPrefix      string
	pctSuffix      string
	symbolBeforeNo bool // the money pattern puts the symbol right before the number
	symbolAfterNo  bool // … or right after it

	// codes writes amounts with ISO 4217 codes ("USD 69.15") instead of
	// symbols: set for a document with amounts in several currencies, so
	// that all are written one way (x/text has symbols for some, "$", and
	// only codes for others, "CHF").
	codes bool
}

// newLocale returns the locale for the reader's tag: the catalog of the
// best-matching shipped language (English when none matches), with numbers
// formatted for the tag itself (so de-CH writes 1’234.5 with German words).
func newLocale(tag language.Tag) (*locale, error) {
	files, err := loadCatalogs()
	if err != nil {
		return nil, err
	}
	supported := make([]language.Tag, len(files))
	for i, f := range files {
		supported[i] = f.tag
	}
	_, idx, conf := language.NewMatcher(supported).Match(tag)
	file := files[idx]
	if conf == language.No {
		tag = file.tag
	}

	// One catalog with one language: the source messages overridden by the
	// translation. A missing translation thus falls back to the source text.
	b := catalog.NewBuilder()
	merged := make(map[string]string, len(files[0].msgs))
	for key, msg := range files[0].msgs {
		if t, ok := file.msgs[key]; ok {
			msg = t
		}
		merged[key] = msg
		if err := b.SetString(file.tag, key, msg); err != nil {
			return nil, fmt.Errorf("catalog %s: key %q: %w", file.tag, key, err)
		}
	}
	l := &locale{tag: tag, p: message.NewPrinter(tag, message.Catalog(b))}

	// What x/text knows about the locale's numbers, read off formatted
	// samples: the decimal separator, the minus sign, the percent affixes.
	l.decimalSep = strings.TrimSuffix(strings.TrimPrefix(l.p.Sprint(number.Decimal(1.5, number.Scale(1))), "1"), "5")
	l.minus = strings.TrimSuffix(l.p.Sprint(number.Decimal(-1)), "1")
	pct := l.p.Sprint(number.Percent(0.5))
	if i := strings.Index(pct, "50"); i >= 0 {
		l.pctPrefix, l.pctSuffix = pct[:i], pct[i+2:]
	} else {
		l.pctSuffix = "%"
	}
	pattern := merged["pattern.money"]
	l.symbolBeforeNo = strings.Contains(pattern, "%[2]s%[1]s")
	l.symbolAfterNo = strings.Contains(pattern, "%[1]s%[2]s")
	return l, nil
}

// T returns the message for key with args substituted, in the locale's
// language.
func (l *locale) T(key string, args ...any) string {
	return l.p.Sprintf(key, args...)
}

// integer writes a string of ASCII digits with the locale's grouping.
func (l *locale) integer(digits string) string {
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil { // beyond int64: ungrouped digits are still exact
		return digits
	}
	return l.p.Sprint(number.Decimal(n))
}

// fixed writes a number given as a plain decimal string ("-1234.5", as
// decimal.Decimal.StringFixed writes them) in the locale's form.
func (l *locale) fixed(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	ip, fp, _ := strings.Cut(s, ".")
	out := l.integer(ip)
	if fp != "" {
		out += l.decimalSep + fp
	}
	if neg && strings.Trim(s, "0.") != "" {
		out = l.minus + out
	}
	return out
}

// money writes an amount given as a plain decimal string with the currency
// symbol placed as the locale writes it. (x/text's own currency formatter
// always writes the symbol first, "€ 1.234,56" even in German; the
// catalog's pattern.money says where the language puts it.)
func (l *locale) money(amount, symbol string) string {
	neg := strings.HasPrefix(amount, "-")
	num := l.fixed(strings.TrimPrefix(amount, "-"))
	if l.symbolBeforeNo && endsWithLetter(symbol) {
		symbol += "\u00a0"
	}
	if l.symbolAfterNo && startsWithLetter(symbol) {
		symbol = "\u00a0" + symbol
	}
	out := l.T("pattern.money", num, symbol)
	if neg && strings.Trim(amount, "-0.") != "" {
		out = l.minus + out
	}
	return out
}

// percent writes a number given as a plain decimal string as a percentage.
func (l *locale) percent(s string) string {
	return l.pctPrefix + l.fixed(s) + l.pctSuffix
}

func endsWithLetter(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsLetter(r)
}

func startsWithLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}
