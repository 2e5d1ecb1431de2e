package hyphen

import (
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestHyphenate checks words against the hyphenations TeX gives with the
// same patterns (Knuth's "hy-phen-ation", the exception list, and the
// German and French words the report issue found cut mid-word:
// "eingehalt/en", "Statusseit/e").
func TestHyphenate(t *testing.T) {
	tests := []struct {
		name, lang, word, want string
	}{
		{"knuth", "en", "hyphenation", "hy-phen-ation"},
		{"en exception", "en", "associate", "as-so-ciate"},
		{"en right min 3", "en", "concatenation", "con-cate-na-tion"},
		{"en capitals", "en-US", "Availability", "Avail-abil-ity"},
		{"de eingehalten", "de", "eingehalten", "ein-ge-hal-ten"},
		{"de Statusseite", "de", "Statusseite", "Sta-tus-sei-te"},
		{"de Ausfallzeit", "de", "Ausfallzeit", "Aus-fall-zeit"},
		{"de umlaut", "de", "Verfügbarkeit", "Ver-füg-bar-keit"},
		{"fr disponibilité", "fr", "disponibilité", "dis-po-ni-bi-li-té"},
		{"fr communications", "fr", "communications", "com-mu-ni-ca-tions"},
		{"short word", "de", "ab", "ab"},
		{"digits are not hyphenated", "en", "2014", "2014"},
		{"codes are not hyphenated", "en", "api-monthly", "api-monthly"},
		{"unknown language", "ja", "hyphenation", "hyphenation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := For(tt.lang).Hyphenate(tt.word, "-"); got != tt.want {
				t.Errorf("%s %q → %q, want %q", tt.lang, tt.word, got, tt.want)
			}
		})
	}
}

// TestPointsBounds checks the language minimums on every word of a text:
// no point closer to either end than the language allows.
func TestPointsBounds(t *testing.T) {
	text := "Verfügbarkeitsüberwachung Wiederanlaufplan Umschaltung Störungsbericht Ursachenanalyse " +
		"interruption rétablissement performances dégradées incidents responsables"
	for _, lang := range []string{"de", "fr", "en"} {
		p := For(lang)
		for _, w := range strings.Fields(text) {
			n := len([]rune(w))
			for _, k := range p.Points(w) {
				if k < p.left || k > n-p.right {
					t.Errorf("%s %q: point %d outside [%d, %d]", lang, w, k, p.left, n-p.right)
				}
			}
		}
	}
}

func TestConcurrentFirstUse(t *testing.T) {
	var wg sync.WaitGroup
	got := make([]string, 8)
	for i := range got {
		wg.Go(func() { got[i] = For("fr").Hyphenate("disponibilité", "-") })
	}
	wg.Wait()
	for _, g := range got {
		if diff := cmp.Diff("dis-po-ni-bi-li-té", g); diff != "" {
			t.Error(diff)
		}
	}
}

// FuzzPoints: any string gets points inside the word, in increasing order,
// and never a panic.
func FuzzPoints(f *testing.F) {
	f.Add("de", "eingehalten")
	f.Add("fr", "l’incident")
	f.Add("en", "\xff\xfe")
	f.Fuzz(func(t *testing.T, lang, word string) {
		p := For(lang)
		last := 0
		for _, k := range p.Points(word) {
			if k <= last || k >= len([]rune(word)) {
				t.Fatalf("%q: point %d after %d in a word of %d runes", word, k, last, len([]rune(word)))
			}
			last = k
		}
	})
}

// TestEveryLanguageLoads: each language's embedded files are there.
func TestEveryLanguageLoads(t *testing.T) {
	for lang := range languages {
		if p := For(lang); p == nil || len(p.values) < 1000 {
			t.Errorf("%s: patterns not loaded", lang)
		}
	}
}
