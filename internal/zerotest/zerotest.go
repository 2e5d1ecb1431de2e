// Package zerotest checks that the zero values of a package's exported
// types are safe to use: every method of every exported type, called on a
// zero value (and on a pointer to one) with zero arguments, returns
// rather than panics. "Zero arguments" are nil for pointers, slices,
// maps and interfaces, and harmless values where a nil would be the
// caller's bug under Go's conventions: a pointer to a zero value for a
// pointer, context.Background() for a context, io.Discard for a writer,
// an empty reader, and functions that do nothing and return zero values
// (so an iterator passed in yields nothing). A *time.Location is passed
// as nil: the module reads a nil zone as UTC.
//
// It is a test helper: it imports testing.
package zerotest

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// Check calls the methods of the zero value of each type of values (given
// as a value of the type: credit.RowError{}; an interface type as a nil
// pointer to it, (*problem.Locator)(nil)) and fails t for each one that
// panics. It also fails t when values leaves out an exported, non-generic
// type declared in the Go files of dir (the package's folder, relative to
// the test): a new type is checked as soon as it exists.
func Check(t *testing.T, dir string, values ...any) {
	t.Helper()
	listed := map[string]bool{}
	for _, v := range values {
		typ := reflect.TypeOf(v)
		if typ.Kind() == reflect.Pointer && typ.Elem().Kind() == reflect.Interface {
			listed[typ.Elem().Name()] = true // an interface, given as (*I)(nil): no value to call
			continue
		}
		listed[typ.Name()] = true
		for _, recv := range []reflect.Value{reflect.New(typ), reflect.New(typ).Elem()} {
			for i := range recv.NumMethod() {
				m := recv.Type().Method(i)
				if recv.Kind() != reflect.Pointer && !isValueMethod(typ, m.Name) {
					continue
				}
				call(t, typ.String(), m.Name, recv.Method(i))
			}
		}
	}
	for _, name := range exportedTypes(t, dir) {
		if !listed[name] {
			t.Errorf("%s: exported type %s is not checked: add its zero value to the test", dir, name)
		}
	}
}

// isValueMethod reports whether method name of typ has a value receiver.
func isValueMethod(typ reflect.Type, name string) bool {
	_, ok := typ.MethodByName(name)
	return ok
}

// call calls method m with zero arguments, reporting a panic.
func call(t *testing.T, typ, name string, m reflect.Value) {
	t.Helper()
	ft := m.Type()
	args := make([]reflect.Value, ft.NumIn())
	for i := range args {
		in := ft.In(i)
		if ft.IsVariadic() && i == len(args)-1 {
			args[i] = reflect.MakeSlice(in, 0, 0)
			continue
		}
		args[i] = zeroArg(in)
	}
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("(zero %s).%s panics: %v", typ, name, r)
		}
	}()
	if ft.IsVariadic() {
		m.CallSlice(args)
	} else {
		m.Call(args)
	}
}

var (
	locationType = reflect.TypeFor[*time.Location]()
	contextType  = reflect.TypeFor[context.Context]()
	writerType   = reflect.TypeFor[io.Writer]()
	readerType   = reflect.TypeFor[io.Reader]()
)

// zeroArg returns the argument passed for a parameter of type in.
func zeroArg(in reflect.Type) reflect.Value {
	switch {
	case in == contextType:
		return reflect.ValueOf(context.Background())
	case in.Kind() == reflect.Interface && writerType.Implements(in) && in.NumMethod() > 0 && reflect.TypeOf(io.Discard).Implements(in):
		return reflect.ValueOf(io.Discard).Convert(in)
	case in.Kind() == reflect.Interface && in.NumMethod() > 0 && reflect.TypeOf(strings.NewReader("")).Implements(in) && readerType.Implements(in):
		return reflect.ValueOf(strings.NewReader("")).Convert(in)
	case in.Kind() == reflect.Pointer && in != locationType:
		return reflect.New(in.Elem()) // a pointer to a zero value
	case in.Kind() == reflect.Func:
		return reflect.MakeFunc(in, func([]reflect.Value) []reflect.Value {
			out := make([]reflect.Value, in.NumOut())
			for i := range out {
				out[i] = reflect.Zero(in.Out(i))
			}
			return out
		})
	}
	return reflect.Zero(in)
}

// exportedTypes returns the exported, non-generic, non-alias types
// declared in the non-test Go files of dir, sorted.
func exportedTypes(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("listing the package's files: %v", err)
	}
	fset := token.NewFileSet()
	var names []string
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatalf("parsing %s: %v", e.Name(), err)
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				if ts.Name.IsExported() && ts.Assign == 0 && ts.TypeParams == nil {
					names = append(names, ts.Name.Name)
				}
			}
		}
	}
	slices.Sort(names)
	return names
}
