package credit

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConcurrencyDocumented holds the exported types of credit and of the
// internals its fast path and benchmarks use to the design's rule: every
// doc comment says whether the type is safe for concurrent use.
func TestConcurrencyDocumented(t *testing.T) {
	for _, dir := range []string{".", "../internal/fixed", "../internal/synth"} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		var files []*ast.File
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
		p, err := doc.NewFromFiles(fset, files, "example.com/"+dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, typ := range p.Types {
			if text := strings.Join(strings.Fields(typ.Doc), " "); !strings.Contains(text, "concurrent use") {
				t.Errorf("%s.%s: the doc comment does not say whether it is safe for concurrent use", p.Name, typ.Name)
			}
		}
	}
}
