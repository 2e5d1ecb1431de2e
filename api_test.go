package postmortem_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestNoInternalInAPI: no exported function, method, type, field, variable
// or constant of a public package names a type or value of an internal
// package, so a user of the module never meets a type they cannot import
// (an error they cannot name in errors.As, an argument they cannot build).
// Aliases count: an exported alias of an internal type exposes it as much
// as a field of that type does.
func TestNoInternalInAPI(t *testing.T) {
	checked := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		switch name := d.Name(); {
		case path == ".":
		case name == "internal" || name == "cmd" || name == "testdata" || name == "examples" || strings.HasPrefix(name, "."):
			return filepath.SkipDir
		}
		checked += checkAPI(t, path)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 6 {
		t.Fatalf("checked %d public packages, want the root, problem, rca, sla, credit and report at least", checked)
	}
}

// checkAPI reports every exported declaration of the package in dir that
// names an internal package, and returns 1 when dir holds a package.
func checkAPI(t *testing.T, dir string) int {
	t.Helper()
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		n = 1
		{
			internal := map[string]bool{} // local names of internal imports
			for _, im := range f.Imports {
				p, _ := strconv.Unquote(im.Path.Value)
				if !strings.Contains(p, "/internal/") {
					continue
				}
				local := p[strings.LastIndexByte(p, '/')+1:]
				if im.Name != nil {
					local = im.Name.Name
				}
				internal[local] = true
			}
			if len(internal) == 0 {
				continue
			}
			report := func(what string, node ast.Node) {
				ast.Inspect(node, func(n ast.Node) bool {
					if sel, ok := n.(*ast.SelectorExpr); ok {
						if id, ok := sel.X.(*ast.Ident); ok && internal[id.Name] {
							t.Errorf("%s: %s exposes %s.%s", fset.Position(sel.Pos()), what, id.Name, sel.Sel.Name)
						}
					}
					return true
				})
			}
			for _, decl := range f.Decls {
				switch d := decl.(type) {
				case *ast.FuncDecl:
					if !d.Name.IsExported() || d.Recv != nil && !exportedRecv(d.Recv) {
						continue
					}
					report(d.Name.Name, d.Type)
				case *ast.GenDecl:
					for _, spec := range d.Specs {
						switch s := spec.(type) {
						case *ast.TypeSpec:
							if s.Name.IsExported() {
								reportType(s.Name.Name, s.Type, report)
							}
						case *ast.ValueSpec:
							for _, id := range s.Names {
								if !id.IsExported() {
									continue
								}
								if s.Type != nil {
									report(id.Name, s.Type)
									continue
								}
								for _, v := range s.Values { // the type is the value's
									report(id.Name, v)
								}
							}
						}
					}
				}
			}
		}
	}
	return n
}

// reportType reports the exported parts of type expression x of the
// exported type name: exported fields of a struct, exported methods of an
// interface, all of any other type (an alias, a slice, a function).
func reportType(name string, x ast.Expr, report func(string, ast.Node)) {
	switch x := x.(type) {
	case *ast.StructType:
		for _, f := range x.Fields.List {
			if len(f.Names) == 0 { // embedded: exported when its type name is
				report(name+" (embedded)", f.Type)
			}
			for _, id := range f.Names {
				if id.IsExported() {
					report(name+"."+id.Name, f.Type)
				}
			}
		}
	case *ast.InterfaceType:
		for _, m := range x.Methods.List {
			for _, id := range m.Names {
				if id.IsExported() {
					report(name+"."+id.Name, m.Type)
				}
			}
			if len(m.Names) == 0 {
				report(name+" (embedded)", m.Type)
			}
		}
	default:
		report(name, x)
	}
}

// exportedRecv reports whether a method's receiver type is exported.
func exportedRecv(recv *ast.FieldList) bool {
	x := recv.List[0].Type
	if star, ok := x.(*ast.StarExpr); ok {
		x = star.X
	}
	switch r := x.(type) {
	case *ast.IndexExpr:
		x = r.X
	case *ast.IndexListExpr:
		x = r.X
	}
	id, ok := x.(*ast.Ident)
	return ok && id.IsExported()
}
