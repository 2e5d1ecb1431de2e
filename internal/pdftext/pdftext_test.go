package pdftext

import (
	"bytes"
	"os"
	"testing"

	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/jung-kurt/gofpdf"
	"github.com/pdfcpu/pdfcpu/pkg/api"
)

func TestMain(m *testing.M) {
	api.DisableConfigDir() // pdfcpu must not write a configuration directory
	os.Exit(m.Run())
}

// TestRead writes a two-page PDF the way the report package does (gofpdf,
// UTF-8 fonts, compressed content) and reads its text back with positions,
// sizes and fonts.
func TestRead(t *testing.T) {
	pdf := gofpdf.New("P", "pt", "A4", "")
	pdf.AddUTF8FontFromBytes("sans", "", bytes.Clone(liberationsansregular.TTF))
	pdf.AddUTF8FontFromBytes("sans", "B", bytes.Clone(liberationsansbold.TTF))
	pdf.SetAutoPageBreak(false, 0)
	pdf.AddPage()
	pdf.SetFont("sans", "B", 14)
	pdf.Text(50, 100, "Störung (1) \\ 2024-09-16")
	pdf.SetFont("sans", "", 9)
	pdf.Text(50, 120, "right")
	pdf.Text(20, 120, "left")
	pdf.AddPage()
	pdf.Text(30, 40, "Ünïcödé ≈ € …")
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	pages, err := Read(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 {
		t.Fatalf("%d pages, want 2", len(pages))
	}
	want := []Item{
		{X: 50, Y: 100, Size: 14, Font: "utf8sansB", Text: "Störung (1) \\ 2024-09-16"},
		{X: 50, Y: 120, Size: 9, Font: "utf8sans", Text: "right"},
		{X: 20, Y: 120, Size: 9, Font: "utf8sans", Text: "left"},
	}
	approx := cmpopts.EquateApprox(0, 0.01)
	if diff := cmp.Diff(want, pages[0].Items, approx); diff != "" {
		t.Errorf("page 1 items (-want +got):\n%s", diff)
	}
	if got, want := pages[0].Text(), "Störung (1) \\ 2024-09-16\nleft right"; got != want {
		t.Errorf("page 1 text %q, want %q", got, want)
	}
	if got := pages[1].Text(); got != "Ünïcödé ≈ € …" {
		t.Errorf("page 2 text %q", got)
	}
	if !pages[0].Items[0].Bold() || pages[0].Items[1].Bold() {
		t.Error("Bold() wrong")
	}
}

func TestReadNotPDF(t *testing.T) {
	if _, err := Read([]byte("not a pdf")); err == nil {
		t.Error("no error for a non-PDF")
	}
}

// FuzzParse feeds arbitrary content streams to the parser: it must not
// panic, and an item's text is what a Tj of a literal string holds.
func FuzzParse(f *testing.F) {
	f.Add([]byte("BT /F1 9.5 Tf ET BT 10 20 Td (\x00a\\(\\)\\\\\\101) Tj ET"))
	f.Add([]byte("BT [(\x00a) -20 <0062>] TJ ET"))
	f.Add([]byte("q 1 0 0 1 0 0 cm << /A 1 >> BDC (unterminated"))
	f.Add([]byte("% comment\n<zz> ]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, err := parse(data, map[string]string{"F1": "X"}, 842)
		if err != nil {
			return
		}
		for _, it := range items {
			_ = it.Text
		}
	})
}
