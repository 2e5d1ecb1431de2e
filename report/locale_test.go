package report

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/currency"
	"golang.org/x/text/language"

	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

func mustLocale(t *testing.T, tag string) *locale {
	t.Helper()
	l, err := newLocale(language.MustParse(tag))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestMoney pins how each shipped locale writes amounts, as x/text's
// number data and each catalog's pattern make them (CLDR's forms).
func TestMoney(t *testing.T) {
	const nbsp = "\u00a0"
	for _, tc := range []struct {
		name, lang, amount string
		cur                currency.Unit
		want               string
	}{
		{"en USD", "en", "1234.56", currency.USD, "$1,234.56"},
		{"en EUR", "en", "1234.56", currency.EUR, "€1,234.56"},
		{"en JPY", "en", "1250000", currency.JPY, "¥1,250,000"},
		{"en CHF spaced", "en", "49.05", currency.CHF, "CHF" + nbsp + "49.05"},
		{"en seed credit", "en", "0.30", currency.USD, "$0.30"},
		{"en pads to cents", "en", "0.3", currency.USD, "$0.30"},
		{"en keeps extra digits", "en", "0.305", currency.USD, "$0.305"},
		{"en KWD three places", "en", "1.5", currency.MustParseISO("KWD"), "KWD" + nbsp + "1.500"},
		{"en IQD ISO places, not CLDR's", "en", "1.5", currency.MustParseISO("IQD"), "IQD" + nbsp + "1.500"},
		{"en negative", "en", "-5", currency.USD, "-$5.00"},
		{"en large", "en", "123456789012345678901234.5", currency.USD, "$123456789012345678901234.50"},
		{"de EUR", "de", "1234.56", currency.EUR, "1.234,56" + nbsp + "€"},
		{"de USD", "de", "1234.56", currency.USD, "1.234,56" + nbsp + "$"},
		{"de JPY", "de", "1250000", currency.JPY, "1.250.000" + nbsp + "¥"},
		{"fr EUR", "fr", "1234.56", currency.EUR, "1" + nbsp + "234,56" + nbsp + "€"},
		{"fr USD", "fr", "1234.56", currency.USD, "1" + nbsp + "234,56" + nbsp + "$US"},
		{"de-CH regional digits", "de-CH", "1234.5", currency.CHF, "1’234.50" + nbsp + "CHF"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := mustLocale(t, tc.lang)
			if got := l.amount(dec(tc.amount), tc.cur); got != tc.want {
				t.Errorf("amount(%s %s) = %q, want %q", tc.amount, tc.cur, got, tc.want)
			}
		})
	}
}

func TestPercent(t *testing.T) {
	for _, tc := range []struct {
		name, lang, fn, in, want string
	}{
		// availability: "in" is weighted downtime / measured time, in seconds.
		{"en availability", "en", "availability", "52080/2592000", "97.990741%"},
		{"de availability", "de", "availability", "52080/2592000", "97,990741\u00a0%"},
		{"fr availability", "fr", "availability", "15679.73/10000000", "99,843203\u00a0%"},
		{"never rounds up to 100", "en", "availability", "1/1000000000", "99.999999%"},
		{"full", "en", "availability", "0/2592000", "100.000000%"},
		{"objective exact", "en", "exact", "99.90", "99.9%"},
		{"objective de", "de", "exact", "99.95", "99,95\u00a0%"},
		{"burn", "en", "burn", "2009.2593", "2,009.3%"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := mustLocale(t, tc.lang)
			var got string
			switch tc.fn {
			case "availability":
				weighted, measured, _ := strings.Cut(tc.in, "/")
				r := sla.Result{Weighted: dec(weighted), Measured: time.Duration(dec(measured).IntPart()) * time.Second}
				got = l.availability(&r)
			case "exact":
				got = l.exactPercent(dec(tc.in))
			case "burn":
				got = l.burn(dec(tc.in))
			}
			if got != tc.want {
				t.Errorf("%s(%s) = %q, want %q", tc.fn, tc.in, got, tc.want)
			}
		})
	}
}

func TestDuration(t *testing.T) {
	const nbsp = "\u00a0"
	seed := 14*time.Hour + 28*time.Minute
	for _, tc := range []struct {
		name, lang string
		d          time.Duration
		want       string
	}{
		{"en seed", "en", seed, "14h28m"},
		{"de seed", "de", seed, "14" + nbsp + "Std. 28" + nbsp + "Min."},
		{"fr seed", "fr", seed, "14" + nbsp + "h" + nbsp + "28" + nbsp + "min"},
		{"en hours", "en", 2 * time.Hour, "2h"},
		{"en padded minutes", "en", 2*time.Hour + 5*time.Minute, "2h05m"},
		{"en seconds", "en", 3*time.Minute + 20*time.Second, "3m20s"},
		{"en all units", "en", time.Hour + 5*time.Second, "1h00m05s"},
		{"en zero", "en", 0, "0s"},
		{"en rounds to the second", "en", 1499 * time.Millisecond, "1s"},
		{"en negative", "en", -(13*time.Hour + 44*time.Minute + 48*time.Second), "-13h44m48s"},
		{"en past a day", "en", 50*time.Hour + 5*time.Minute, "50h05m"},
		{"en grouped hours", "en", 1234 * time.Hour, "1,234h"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := mustLocale(t, tc.lang).duration(tc.d); got != tc.want {
				t.Errorf("duration(%v) = %q, want %q", tc.d, got, tc.want)
			}
		})
	}
}

func TestInstant(t *testing.T) {
	ny, berlin := mustLoc(t, "America/New_York"), mustLoc(t, "Europe/Berlin")
	at := time.Date(2014, 4, 18, 14, 32, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		t    time.Time
		loc  *time.Location
		want string
	}{
		{"seed start", at, ny, "2014-04-18 10:32 EDT (UTC−04:00)"},
		{"utc", at, time.UTC, "2014-04-18 14:32 UTC"},
		{"winter", time.Date(2025, 3, 29, 8, 52, 0, 0, time.UTC), berlin, "2025-03-29 09:52 CET (UTC+01:00)"},
		{"summer", time.Date(2025, 3, 30, 1, 10, 0, 0, time.UTC), berlin, "2025-03-30 03:10 CEST (UTC+02:00)"},
		{"numeric zone", at, mustLoc(t, "America/Sao_Paulo"), "2014-04-18 11:32 UTC−03:00"},
		{"half hour", at, mustLoc(t, "Asia/Kolkata"), "2014-04-18 20:02 IST (UTC+05:30)"},
		{"seconds", at.Add(7 * time.Second), ny, "2014-04-18 10:32:07 EDT (UTC−04:00)"},
		{"fixed zone", at, time.FixedZone("", -9000), "2014-04-18 12:02 UTC−02:30"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := instant(tc.t, tc.loc); got != tc.want {
				t.Errorf("instant = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestWindowLabel(t *testing.T) {
	ny, asuncion := mustLoc(t, "America/New_York"), mustLoc(t, "America/Asuncion")
	for _, tc := range []struct {
		name       string
		start, end time.Time
		want       string
	}{
		{"month", time.Date(2014, 4, 1, 0, 0, 0, 0, ny), time.Date(2014, 5, 1, 0, 0, 0, 0, ny), "2014-04"},
		{"quarter", time.Date(2014, 4, 1, 0, 0, 0, 0, ny), time.Date(2014, 7, 1, 0, 0, 0, 0, ny), "2014-Q2"},
		{"year", time.Date(2014, 1, 1, 0, 0, 0, 0, ny), time.Date(2015, 1, 1, 0, 0, 0, 0, ny), "2014"},
		{"rolling days", time.Date(2014, 4, 3, 0, 0, 0, 0, ny), time.Date(2014, 5, 3, 0, 0, 0, 0, ny), "2014-04-03 – 2014-05-02"},
		{"instants", time.Date(2014, 4, 3, 6, 0, 0, 0, ny), time.Date(2014, 4, 4, 6, 0, 0, 0, ny),
			"2014-04-03 06:00 EDT (UTC−04:00) – 2014-04-04 06:00 EDT (UTC−04:00)"},
		// Asuncion skipped midnight on 1 October 2017: October began at 01:00.
		{"a month that began at 01:00", time.Date(2017, 10, 1, 1, 0, 0, 0, asuncion), time.Date(2017, 11, 1, 0, 0, 0, 0, asuncion), "2017-10"},
		{"a month that ended at 01:00", time.Date(2017, 9, 1, 0, 0, 0, 0, asuncion), time.Date(2017, 10, 1, 1, 0, 0, 0, asuncion), "2017-09"},
		{"a quarter that began at 01:00", time.Date(2017, 10, 1, 1, 0, 0, 0, asuncion), time.Date(2018, 1, 1, 0, 0, 0, 0, asuncion), "2017-Q4"},
		{"days ending on a day that began at 01:00", time.Date(2017, 9, 2, 0, 0, 0, 0, asuncion), time.Date(2017, 10, 1, 1, 0, 0, 0, asuncion), "2017-09-02 – 2017-09-30"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := windowLabel(tc.start, tc.end); got != tc.want {
				t.Errorf("windowLabel = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestLanguageMatching checks that a reader's tag finds the nearest shipped
// catalog and that an unknown language falls back to English.
func TestLanguageMatching(t *testing.T) {
	for _, tc := range []struct{ tag, want string }{
		{"en", "Summary"},
		{"en-GB", "Summary"},
		{"de", "Zusammenfassung"},
		{"de-AT", "Zusammenfassung"},
		{"fr-CA", "Résumé"},
		{"ja", "Summary"},
		{"und", "Summary"},
	} {
		t.Run(tc.tag, func(t *testing.T) {
			if got := mustLocale(t, tc.tag).T("section.summary"); got != tc.want {
				t.Errorf("section.summary in %s = %q, want %q", tc.tag, got, tc.want)
			}
		})
	}
	var zero language.Tag
	l, err := newLocale(zero)
	if err != nil || l.T("section.summary") != "Summary" {
		t.Errorf("zero tag: %v, %q; want English", err, l.T("section.summary"))
	}
}

var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*[a-zA-Z%]`)

// TestCatalogsComplete checks every shipped catalog against the English
// one: the same keys, and the same formatting verbs in each message (a
// translation may reorder arguments with %[n]s, but not drop or add one).
// Every key the code uses must exist.
func TestCatalogsComplete(t *testing.T) {
	files, err := loadCatalogs()
	if err != nil {
		t.Fatal(err)
	}
	if got := Languages(); len(got) < 3 || got[0] != language.English ||
		!slices.Contains(got, language.German) || !slices.Contains(got, language.French) {
		t.Errorf("Languages() = %v, want English first, German and French", got)
	}
	src := files[0].msgs
	verbs := func(s string) []string {
		v := verb.FindAllString(s, -1)
		for i, x := range v {
			v[i] = regexp.MustCompile(`^%(\[\d+\])?`).ReplaceAllString(x, "%") // order may change
		}
		slices.Sort(v)
		return v
	}
	for _, f := range files[1:] {
		t.Run(f.tag.String(), func(t *testing.T) {
			for key, msg := range src {
				tr, ok := f.msgs[key]
				if !ok {
					t.Errorf("missing key %q", key)
					continue
				}
				if diff := cmp.Diff(verbs(msg), verbs(tr)); diff != "" {
					t.Errorf("key %q: verbs differ from English (-en +%s):\n%s", key, f.tag, diff)
				}
			}
			for key := range f.msgs {
				if _, ok := src[key]; !ok {
					t.Errorf("key %q is not in the English catalog", key)
				}
			}
		})
	}
	// Keys built from enum names exist for every value.
	var keys []string
	for lv := range rca.NumLevels {
		keys = append(keys, "level."+rca.Level(lv).String())
	}
	for k := rca.Started; k <= rca.Note; k++ {
		keys = append(keys, "event."+k.String())
	}
	for s := rca.Investigating; s <= rca.Postmortem; s++ {
		keys = append(keys, "status."+s.String())
	}
	for c := rca.StatusPage; c <= rca.OtherChannel; c++ {
		keys = append(keys, "channel."+c.String())
	}
	for a := rca.Mitigate; a <= rca.Process; a++ {
		keys = append(keys, "action."+a.String())
	}
	for s := rca.Open; s <= rca.WontDo; s++ {
		keys = append(keys, "astatus."+s.String())
	}
	for m := rca.UnknownDetection; m <= rca.ByThirdParty; m++ {
		keys = append(keys, "detection."+m.String())
	}
	for _, c := range []rca.FindingCode{rca.NoPlan, rca.NeverReviewed, rca.ReviewOverdue, rca.NeverDrilled, rca.DrillOverdue, rca.FailoverUntested} {
		keys = append(keys, "finding."+string(c))
	}
	for _, k := range keys {
		if _, ok := src[k]; !ok {
			t.Errorf("English catalog lacks %q", k)
		}
	}
}

func TestParseCatalogErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"no equals", "just text\n", `x.txt:1: want "key = message"`},
		{"bad quote", "k = \"open\n", "x.txt:1:"},
		{"duplicate", "a = 1\na = 2\n", `x.txt:2: key "a" given twice`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseCatalog("x.txt", []byte(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}
