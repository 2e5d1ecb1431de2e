// Package hyphen finds where a word may be hyphenated, with Frank Liang's
// algorithm (the one TeX uses) and the TeX hyph-utf8 patterns for English
// (US), German (reformed spelling) and French, embedded unmodified with
// their licences (see patterns/README.md).
//
// The report's PDF tables break lines at spaces, hyphens and slashes first;
// a word that still does not fit its column is hyphenated at a point this
// package gives, never cut at an arbitrary letter.
package hyphen

import (
	"bufio"
	"bytes"
	"embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

//go:embed patterns/*.txt
var files embed.FS

// Patterns hyphenates the words of one language. It is read-only once
// built, so safe for concurrent use.
type Patterns struct {
	values      map[string][]uint8 // letters of a pattern → its digits (len(letters)+1)
	maxLen      int                // longest pattern, in runes
	exceptions  map[string][]int   // whole words and their points
	left, right int                // fewest letters before the first and after the last hyphen
}

// languages are the pattern files by language and their hyphenmins (the
// typesetting values the files' headers give).
var languages = map[string]struct {
	file, exceptions string
	left, right      int
}{
	"en": {"patterns/hyph-en-us.pat.txt", "patterns/hyph-en-us.hyp.txt", 2, 3},
	"de": {"patterns/hyph-de-1996.pat.txt", "", 2, 2},
	"fr": {"patterns/hyph-fr.pat.txt", "", 2, 2},
}

var loaded sync.Map // language → func() *Patterns (a sync.OnceValue)

// For returns the patterns of the language ("en", "de" or "fr"; a BCP 47
// tag's base language), or nil when there are none (nil Patterns give no
// points). Patterns are read on first use and kept. The files are embedded
// in the binary; TestHyphenate reads every language's.
func For(lang string) *Patterns {
	lang, _, _ = strings.Cut(strings.ToLower(lang), "-")
	spec, ok := languages[lang]
	if !ok {
		return nil
	}
	f, _ := loaded.LoadOrStore(lang, sync.OnceValue(func() *Patterns {
		p := &Patterns{values: map[string][]uint8{}, exceptions: map[string][]int{}, left: spec.left, right: spec.right}
		data, err := files.ReadFile(spec.file)
		if err != nil {
			return nil // not embedded: a build defect the tests catch
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			for _, pat := range strings.Fields(sc.Text()) {
				p.add(pat)
			}
		}
		if spec.exceptions != "" {
			data, err := files.ReadFile(spec.exceptions)
			if err != nil {
				return nil
			}
			for _, w := range strings.Fields(string(data)) {
				var points []int
				n := 0
				for _, r := range w {
					if r == '-' {
						points = append(points, n)
						continue
					}
					n++
				}
				p.exceptions[strings.ReplaceAll(w, "-", "")] = points
			}
		}
		return p
	}))
	return f.(func() *Patterns)()
}

// add reads one pattern: letters with digits between them ("a1b2c").
func (p *Patterns) add(pat string) {
	var letters strings.Builder
	vals := []uint8{0}
	for _, r := range pat {
		if r >= '0' && r <= '9' {
			vals[len(vals)-1] = uint8(r - '0')
			continue
		}
		letters.WriteRune(r)
		vals = append(vals, 0)
	}
	key := letters.String()
	p.values[key] = vals
	p.maxLen = max(p.maxLen, utf8.RuneCountInString(key))
}

// Points returns where word may be hyphenated: the rune offsets k (a
// hyphen goes between word's runes k−1 and k), in increasing order, at
// least the language's minimum from either end. A word holding anything
// but letters gets none (numbers, codes, URLs are not hyphenated), nor
// does one too short for any point.
func (p *Patterns) Points(word string) []int {
	if p == nil {
		return nil
	}
	rs := []rune(strings.ToLower(word))
	n := len(rs)
	if n < p.left+p.right {
		return nil
	}
	for _, r := range rs {
		if !unicode.IsLetter(r) && r != '\'' && r != '’' {
			return nil
		}
	}
	if pts, ok := p.exceptions[string(rs)]; ok {
		return pts
	}
	// ".word." with a value between every two runes.
	dotted := make([]rune, 0, n+2)
	dotted = append(append(append(dotted, '.'), rs...), '.')
	vals := make([]uint8, len(dotted)+1)
	var key strings.Builder
	for i := range dotted {
		key.Reset()
		for j := i; j < len(dotted) && j-i < p.maxLen; j++ {
			key.WriteRune(dotted[j])
			if v, ok := p.values[key.String()]; ok {
				for k, d := range v {
					vals[i+k] = max(vals[i+k], d)
				}
			}
		}
	}
	var out []int
	// vals[k+1] is the value between dotted[k] and dotted[k+1], i.e. before
	// word rune k.
	for k := p.left; k <= n-p.right; k++ {
		if vals[k+1]%2 == 1 {
			out = append(out, k)
		}
	}
	return out
}

// Hyphenate returns word with sep at every point: a way to see the points.
func (p *Patterns) Hyphenate(word, sep string) string {
	pts := p.Points(word)
	if len(pts) == 0 {
		return word
	}
	rs := []rune(word)
	var b strings.Builder
	last := 0
	for _, k := range pts {
		b.WriteString(string(rs[last:k]))
		b.WriteString(sep)
		last = k
	}
	b.WriteString(string(rs[last:]))
	return b.String()
}
