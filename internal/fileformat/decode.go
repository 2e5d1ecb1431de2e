package fileformat

import (
	"encoding"
	"fmt"
	"reflect"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/outagekit/postmortem/internal/problem"
)

// Options configure Decode. The zero Options reads local times in UTC.
//
// Options is a plain value: safe for concurrent use.
type Options struct {
	// Zone is the zone of local wall-clock times; nil means UTC.
	Zone *time.Location
	// ZoneField is the path of a field holding an IANA zone name: a
	// top-level field ("zone") or a dotted path to a field of nested
	// mappings ("window.zone"). When the document has it, its zone
	// replaces Zone for the whole document, including times written
	// before it.
	ZoneField string
	// RequireZone makes every local wall-clock time and date (an instant
	// written without "Z" or an offset) a problem, at its own line, when
	// the document does not name a zone in ZoneField: such a time would
	// otherwise be read in Zone, silently. A ZoneField that is present but
	// names no valid zone is its own problem; its local times are then not
	// reported again.
	RequireZone bool
	// MaxBytes is the size of the largest document read; zero means
	// DefaultMaxBytes.
	MaxBytes int
}

// Decode decodes the YAML or JSON document in data into v, a non-nil pointer
// to a struct. name is the file name used in problems; it also chooses the
// format (see the package documentation).
//
// Problems with the input are returned together as a *problem.Error, each
// with the file, line, column and field path. Fields whose values are
// wrong are left zero and the rest is still decoded, so v holds everything
// that could be read. The *Doc is returned even with problems (it locates
// what could be parsed); it is nil only when v is not a pointer to a struct
// or holds a type this package does not support, which is a programming
// error reported as a plain error.
func Decode(name string, data []byte, v any, opts Options) (*Doc, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return nil, fmt.Errorf("fileformat: Decode needs a non-nil pointer to a struct, not %T", v)
	}
	if err := checkType(rv.Elem().Type()); err != nil {
		return nil, err
	}
	l := &problem.List{File: name}
	root, json := parse(name, data, opts.MaxBytes, l)
	doc := &Doc{format: YAML}
	if json {
		doc.format = JSON
	}
	if root == nil {
		return doc, l.Err()
	}
	dups := doc.index(root, name, l)
	d := &decoder{doc: doc, l: l, dups: dups, zone: opts.Zone, fields: fieldCache{}}
	if d.zone == nil {
		d.zone = time.UTC
	}
	named := false
	if opts.ZoneField != "" {
		var loc *time.Location
		loc, named = documentZone(root, opts.ZoneField)
		if loc != nil {
			d.zone = loc
		}
	}
	if opts.RequireZone && !named {
		d.noZone = opts.ZoneField
		if d.noZone == "" {
			d.noZone = "-"
		}
	}
	d.value(root, rv.Elem(), nil)
	return doc, l.Err()
}

// documentZone returns the zone named by the field at path (dotted, through
// nested mappings) and whether the document names one there: a non-empty
// scalar. The zone is nil when the field is absent or does not name a valid
// zone (decoding the field reports that).
func documentZone(root *yaml.Node, path string) (loc *time.Location, named bool) {
	n := root
	for key := range strings.SplitSeq(path, ".") {
		n = fieldNode(n, key)
		if n == nil {
			return nil, false
		}
	}
	if n.Kind != yaml.ScalarNode || isNull(n) || n.Value == "" {
		return nil, false
	}
	loc, err := loadZone(n.Value)
	if err != nil {
		return nil, true
	}
	return loc, true
}

// fieldNode returns the value of key in mapping n (aliases followed), or
// nil when n is not a mapping or has no such key.
func fieldNode(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key {
			return resolve(n.Content[i+1])
		}
	}
	return nil
}

type decoder struct {
	doc  *Doc
	zone *time.Location
	// noZone is set when local times are problems (Options.RequireZone
	// and the document names no zone): the ZoneField to suggest, or "-"
	// when there is none.
	noZone string
	l      *problem.List
	dups   map[*yaml.Node]bool // keys already reported as duplicates
	nodes  int                 // nodes visited, aliases expanded
	fields fieldCache
	// aliased counts the aliases the walk is inside: the nodes there are
	// another path's, and are not marked as failed (Doc.Failed).
	aliased int
}

// problem records a problem with node n, the value or key at path.
func (d *decoder) problem(n *yaml.Node, path *fieldPath, msg string) {
	d.l.AddAt(n.Line, n.Column, path, msg)
}

// failed marks node n of the document (not of an alias's expansion) as
// failed: its own value (here), or something inside it.
func (d *decoder) failed(n *yaml.Node, here bool) {
	if d.aliased == 0 {
		d.doc.fail(n, here)
	}
}

// resolve follows aliases to the node they name.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// value decodes n into v, which is settable, and reports whether it did so
// without a problem. On a problem in a scalar, v is left as it was (zero).
//
// Every node whose value fails is marked in d.doc: the node itself for a
// value of the wrong kind or text (see fail), the lists, mappings and
// structs holding a failure too.
func (d *decoder) value(n *yaml.Node, v reflect.Value, path *fieldPath) bool {
	ok, here := d.decode(n, v, path)
	if !ok {
		d.failed(n, here)
	}
	return ok
}

// decode is value; here reports that the failure is n's own value.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path *fieldPath) (ok, here bool) {
	at := n
	if n = resolve(n); n == nil {
		d.problem(at, path, "alias loops or nests too deep")
		return false, true
	}
	if n != at {
		d.aliased++
		defer func() { d.aliased-- }()
	}
	d.nodes++
	if d.nodes == maxNodes {
		d.problem(at, path, fmt.Sprintf("the document expands to more than %d values (through aliases)", maxNodes))
	}
	if d.nodes >= maxNodes {
		return false, true
	}
	if isNull(n) {
		v.SetZero()
		return true, false
	}
	k := kindOf(v.Type())
	switch {
	case k.isScalar():
		if n.Kind != yaml.ScalarNode {
			d.problem(at, path, fmt.Sprintf("want %s, got %s", want(v.Type()), describe(n)))
			return false, true
		}
		x, msg := d.scalar(n.Value, v.Type(), k)
		if msg != "" {
			d.problem(n, path, msg)
			return false, true
		}
		v.Set(x)
		return true, false
	case k == kPointer:
		// A pointer whose target failed stays nil unless part of the
		// target (a list, map or struct) could be decoded.
		p := reflect.New(v.Type().Elem())
		ok, here := d.decode(n, p.Elem(), path)
		if ok || !p.Elem().IsZero() {
			v.Set(p)
		}
		return ok, here
	case k == kSlice:
		return d.slice(n, v, path)
	case k == kMap:
		return d.mapping(n, v, path)
	case k == kStruct:
		return d.structure(n, v, path)
	}
	d.problem(at, path, fmt.Sprintf("cannot decode into Go type %s", v.Type()))
	return false, true
}

func (d *decoder) slice(n *yaml.Node, v reflect.Value, path *fieldPath) (ok, here bool) {
	if n.Kind != yaml.SequenceNode {
		d.problem(n, path, "want a list, got "+describe(n))
		return false, true
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	ok = true
	for i, item := range n.Content {
		ok = d.value(item, s.Index(i), path.elem(i)) && ok
	}
	v.Set(s)
	return ok, false
}

func (d *decoder) mapping(n *yaml.Node, v reflect.Value, path *fieldPath) (ok, here bool) {
	if n.Kind != yaml.MappingNode {
		d.problem(n, path, "want a mapping, got "+describe(n))
		return false, true
	}
	t := v.Type()
	m := reflect.MakeMapWithSize(t, len(n.Content)/2)
	keyKind := kindOf(t.Key())
	first := map[any]*yaml.Node{}
	ok = true
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		if !d.key(kn, path) {
			ok = false
			continue
		}
		p := path.field(kn.Value)
		if isNull(kn) {
			d.problem(kn, p, "want a key, got null")
			ok = false
			continue
		}
		key, msg := d.scalar(kn.Value, t.Key(), keyKind)
		if msg != "" {
			d.problem(kn, p, msg)
			ok = false
			continue
		}
		if prev, dup := first[key.Interface()]; dup {
			d.problem(kn, p, fmt.Sprintf("duplicate key: %q at line %d is the same", prev.Value, prev.Line))
			ok = false
			continue
		}
		first[key.Interface()] = kn
		elem := reflect.New(t.Elem()).Elem()
		ok = d.value(vn, elem, p) && ok
		m.SetMapIndex(key, elem)
	}
	v.Set(m)
	return ok, false
}

// key checks that kn can be a key of a mapping at path: a scalar, not a
// merge key, and not a duplicate already reported.
func (d *decoder) key(kn *yaml.Node, path *fieldPath) bool {
	switch {
	case d.dups[kn]:
		return false
	case kn.Kind != yaml.ScalarNode:
		d.problem(kn, path, "want a field name, got "+describe(kn))
		return false
	case kn.Tag == "!!merge":
		d.problem(kn, path.field(kn.Value), "merge keys (<<) are not supported: write the fields out")
		return false
	}
	return true
}

func (d *decoder) structure(n *yaml.Node, v reflect.Value, path *fieldPath) (ok, here bool) {
	if n.Kind != yaml.MappingNode {
		d.problem(n, path, "want a mapping, got "+describe(n))
		return false, true
	}
	fields := d.fields.of(v.Type())
	ok = true
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		if !d.key(kn, path) {
			ok = false
			continue
		}
		if kn.Value == "" {
			// Its path would be its mapping's: say what is wrong there.
			d.problem(kn, path, "empty field name")
			ok = false
			continue
		}
		p := path.field(kn.Value)
		f := findField(fields, kn.Value)
		if f == nil {
			msg := "unknown field"
			if !d.l.Keeps(kn.Line, kn.Column) {
				// Counted, not listed: no suggestion to look for.
			} else if s := suggest(kn.Value, fields); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			d.problem(kn, p, msg)
			ok = false
			continue
		}
		ok = d.value(vn, v.FieldByIndex(f.index), p) && ok
	}
	return ok, false
}

func findField(fields []field, name string) *field {
	for i := range fields {
		if fields[i].name == name {
			return &fields[i]
		}
	}
	return nil
}

// want describes what a file must hold for a Go type, for messages.
func want(t reflect.Type) string {
	switch kindOf(t) {
	case kString:
		return "a string"
	case kBool:
		return "true or false"
	case kInt, kUint:
		return "a whole number"
	case kDecimal:
		return "a number"
	case kTime:
		return "a time"
	case kDuration:
		return `a duration such as "14h28m"`
	case kLocation:
		return `a zone name such as "America/New_York"`
	case kCurrency:
		return `a currency code such as "USD"`
	case kText:
		return "a single value"
	case kSlice:
		return "a list"
	case kMap, kStruct:
		return "a mapping"
	}
	return t.String()
}

// unmarshalText calls u.UnmarshalText, turning a panic of a faulty
// implementation into an error.
func unmarshalText(u encoding.TextUnmarshaler, text string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("cannot read %q (the decoder failed: %v)", text, r)
		}
	}()
	return u.UnmarshalText([]byte(text))
}
