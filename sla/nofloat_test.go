package sla_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoFloats holds the packages that compute money, ratios and
// availabilities to the design's first rule: no float32 or float64 in
// their code, and none of the decimal package's float conversions, so no
// figure passes through binary floating point. (Display code in report may
// format with floats; it never computes a figure.)
func TestNoFloats(t *testing.T) {
	banned := map[string]bool{
		"float32": true, "float64": true, // the types
		"ParseFloat": true, "FormatFloat": true, "AppendFloat": true, // strconv
		"NewFromFloat": true, "NewFromFloat32": true, "NewFromFloatWithExponent": true, // decimal
		"Float64": true, "InexactFloat64": true,
	}
	for _, dir := range []string{"../rca", "../sla", "../credit", "../internal/fixed", "../internal/interval", "../internal/calendar", "../internal/counts", "../problem"} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
				continue
			}
			path := filepath.Join(dir, e.Name())
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && banned[id.Name] {
					t.Errorf("%s: %s", fset.Position(id.Pos()), id.Name)
				}
				return true
			})
		}
	}
}
