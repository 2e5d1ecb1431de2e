package report

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/text/currency"
	"golang.org/x/text/language"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/internal/pdftext"
)

// settledRun is the summary of a run settled against a ledger: its window
// is owed 0.30, of which 0.10 was issued before, so the run issues 0.20.
func settledRun() *credit.Summary {
	return &credit.Summary{Read: 1, Credited: 1, Lines: 1,
		Totals: []credit.Total{{Currency: currency.USD, Amount: dec("0.20"), Due: dec("0.30"), Lines: 1, Issued: 1}},
		Plans: []credit.PlanTotal{{Plan: "email-starter", Currency: currency.USD, Rule: credit.Prorated,
			Subscriptions: 1, Amount: dec("0.20"), Due: dec("0.30"), Lines: 1}},
	}
}

// TestSettledCredits: a report of a settled run shows what its windows are
// owed beside what the run issued, in every language; one whose run issued
// what is due shows one total; a statement, whose lines are every run's of
// its window, shows what they issued in all.
func TestSettledCredits(t *testing.T) {
	tests := []struct {
		name    string
		lang    language.Tag
		settled bool
		want    []string
	}{
		{"settled en", language.English, true, []string{"| Owed | Issued now |", "| email-starter | USD | prorated | 1 | \\$0.30 | \\$0.20 |", "| USD | 1 | \\$0.30 | \\$0.20 |"}},
		{"settled de", language.German, true, []string{"| Geschuldet | Jetzt ausgestellt |"}},
		{"settled fr", language.French, true, []string{"| Dû | Émis maintenant |"}},
		{"unsettled en", language.English, false, []string{"| Subscriptions | Total |", "| USD | 1 | \\$0.30 |"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := seedDoc(t, tt.lang, false)
			if tt.settled {
				d.Credits = settledRun()
			}
			var buf bytes.Buffer
			if err := WriteMarkdown(&buf, d); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(buf.String(), w+"\n") {
					t.Errorf("no line %s in:\n%s", w, buf.String())
				}
			}
			if !tt.settled && strings.Contains(buf.String(), "Issued now") {
				t.Error("a run that issued what is due shows an issued-now column")
			}
			if tt.lang != language.English {
				return
			}
			buf.Reset()
			if err := WritePDF(&buf, d); err != nil {
				t.Fatal(err)
			}
			pages, err := pdftext.Read(buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			// The title page's highlight (labels, then values): what is
			// owed, or what was issued.
			label, value := "Service credits", "97.990741% $0.30"
			if tt.settled {
				label = "Credits owed"
			}
			cover := strings.Join(strings.Fields(pages[0].Text()), " ")
			for _, want := range []string{"Availability 2014-04 " + label + " ", value} {
				if !strings.Contains(cover, want) {
					t.Errorf("the title page lacks %q:\n%s", want, cover)
				}
			}
		})
	}

	s := seedStatement(t, language.English)
	s.Credits = settledRun()
	var buf bytes.Buffer
	if err := WriteStatementMarkdown(&buf, s); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); !strings.Contains(got, "| USD | 1 | \\$0.20 |\n") || strings.Contains(got, "Owed") {
		t.Errorf("the statement does not show what its lines issued, 0.20, alone:\n%s", got)
	}
}
