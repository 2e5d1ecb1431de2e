package report

import (
	"bytes"
	"os"
	"testing"

	"golang.org/x/text/language"
)

func TestPDFRenderScratch(t *testing.T) {
	out := os.Getenv("REPORT_PDF_OUT")
	if out == "" {
		t.Skip("set REPORT_PDF_OUT")
	}
	for name, d := range map[string]*Document{
		"seed": seedDoc(t, language.English, false),
		"rich": richDoc(t, language.German, false),
		"syn":  syntheticDoc(300),
	} {
		var buf bytes.Buffer
		if err := WritePDF(&buf, d); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(out+"/"+name+".pdf", buf.Bytes(), 0o644)
	}
}
