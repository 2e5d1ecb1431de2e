package report

import (
	"bytes"
	"testing"

	"golang.org/x/text/language"

	"github.com/outagekit/postmortem/internal/golden"
)

func TestMarkdownGolden(t *testing.T) {
	docs := []struct {
		name string
		doc  func(testing.TB, language.Tag, bool) *Document
	}{
		{"seed", seedDoc},
		{"rich", richDoc},
	}
	for _, d := range docs {
		for _, lang := range Languages() {
			for _, public := range []bool{false, true} {
				edition := "internal"
				if public {
					edition = "public"
				}
				name := d.name + "-" + lang.String() + "-" + edition
				t.Run(name, func(t *testing.T) {
					var buf bytes.Buffer
					if err := WriteMarkdown(&buf, d.doc(t, lang, public)); err != nil {
						t.Fatal(err)
					}
					golden.Check(t, "testdata/markdown/"+name+".md", buf.Bytes())
				})
			}
		}
	}
}
