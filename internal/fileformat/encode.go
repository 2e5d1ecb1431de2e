package fileformat

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/internal/problem"
)

// Encode writes v, a struct or a pointer to one, in format f, in the schema
// Decode reads: the fields its yaml tags name, in declaration order, leaving
// out fields that are zero or empty (nil pointers, empty lists and maps,
// structs with nothing to write, zero numbers, times and enums). Elements of
// lists and maps are always written, and so are fields tagged with the
// option keepzero (`yaml:"status,keepzero"`), for single values whose zero
// is a state worth seeing rather than a default: a component changing back
// to operational is written "status: operational".
//
// Values are written in the form Decode reads back exactly: times in RFC
// 3339 with the offset of their own location (in UTC when that offset is
// not a whole number of minutes, as local mean times before 1900 are) and
// as many fractional digits as they have; durations with FormatDuration; decimals as unquoted numbers
// with all their digits ("15.00" stays "15.00", 1e30 is written in full);
// zones by IANA name; currencies by ISO code; types implementing
// encoding.TextMarshaler by their text. Map keys are sorted by value.
//
// Decode(Encode(v)) gives back v, comparing times with Equal and decimals
// numerically, except that a time's location may become a fixed offset when
// the decoding zone does not have that offset. Encode returns an error, and
// writes nothing, for values it cannot write so that they read back: a
// negative duration, a time outside years 0000–9999, a string that is not
// valid UTF-8, a type Decode does not support.
func Encode(w io.Writer, v any, f Format) error {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return fmt.Errorf("fileformat: Encode needs a struct or a pointer to one, not %T", v)
	}
	if err := checkType(rv.Type()); err != nil {
		return err
	}
	e := &encoder{fields: fieldCache{}}
	n, err := e.node(rv, "")
	if err != nil {
		return err
	}
	if n == nil {
		n = &enode{kind: yaml.MappingNode}
	}
	var buf bytes.Buffer
	if f == JSON {
		writeJSON(&buf, n, 0)
		buf.WriteByte('\n')
	} else {
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := enc.Encode(n.yaml()); err != nil {
			return fmt.Errorf("fileformat: %w", err)
		}
		if err := enc.Close(); err != nil {
			return fmt.Errorf("fileformat: %w", err)
		}
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// enode is the tree Encode builds before writing it as YAML or JSON.
type enode struct {
	kind  yaml.Kind // ScalarNode, SequenceNode or MappingNode
	text  string    // of a scalar
	str   bool      // a scalar written as a JSON string
	plain bool      // a string scalar YAML may write unquoted whatever it looks like (times)
	null  bool
	items []*enode // of a sequence; keys and values alternate in a mapping
}

func (n *enode) yaml() *yaml.Node {
	y := &yaml.Node{Kind: n.kind, Value: n.text}
	switch {
	case n.null:
		y.Tag, y.Value = "!!null", "null"
	case n.kind == yaml.ScalarNode && n.str && !n.plain:
		y.Tag = "!!str"
	}
	for _, c := range n.items {
		y.Content = append(y.Content, c.yaml())
	}
	return y
}

func writeJSON(b *bytes.Buffer, n *enode, indent int) {
	nl := func(d int) {
		b.WriteByte('\n')
		b.WriteString(strings.Repeat("  ", d))
	}
	switch n.kind {
	case yaml.ScalarNode:
		switch {
		case n.null:
			b.WriteString("null")
		case n.str:
			writeJSONString(b, n.text)
		default:
			b.WriteString(n.text)
		}
	case yaml.SequenceNode:
		if len(n.items) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteByte('[')
		for i, c := range n.items {
			if i > 0 {
				b.WriteByte(',')
			}
			nl(indent + 1)
			writeJSON(b, c, indent+1)
		}
		nl(indent)
		b.WriteByte(']')
	case yaml.MappingNode:
		if len(n.items) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteByte('{')
		for i := 0; i+1 < len(n.items); i += 2 {
			if i > 0 {
				b.WriteByte(',')
			}
			nl(indent + 1)
			writeJSONString(b, n.items[i].text)
			b.WriteString(": ")
			writeJSON(b, n.items[i+1], indent+1)
		}
		nl(indent)
		b.WriteByte('}')
	}
}

func writeJSONString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)       // a string always encodes
	b.Truncate(b.Len() - 1) // the newline Encode adds
}

type encoder struct {
	fields fieldCache
}

// node returns the tree for v, or nil when v is zero or empty and should be
// left out of its enclosing mapping.
func (e *encoder) node(v reflect.Value, path string) (*enode, error) {
	k := kindOf(v.Type())
	switch {
	case k.isScalar():
		if isZeroScalar(v, k) {
			return nil, nil
		}
		return e.scalar(v, k, path)
	case k == kPointer:
		if v.IsNil() {
			return nil, nil
		}
		return e.element(v.Elem(), path)
	case k == kSlice:
		if v.Len() == 0 {
			return nil, nil
		}
		n := &enode{kind: yaml.SequenceNode}
		for i := range v.Len() {
			c, err := e.element(v.Index(i), problem.Index(path, i))
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, c)
		}
		return n, nil
	case k == kMap:
		if v.Len() == 0 {
			return nil, nil
		}
		keys := v.MapKeys()
		slices.SortFunc(keys, compareKeys)
		n := &enode{kind: yaml.MappingNode}
		for _, key := range keys {
			kn, err := e.scalar(key, kindOf(key.Type()), path)
			if err != nil {
				return nil, err
			}
			c, err := e.element(v.MapIndex(key), problem.Join(path, kn.text))
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, &enode{kind: yaml.ScalarNode, text: kn.text, str: true}, c)
		}
		return n, nil
	case k == kStruct:
		fields := e.fields.of(v.Type())
		n := &enode{kind: yaml.MappingNode}
		for _, f := range fields {
			c, err := e.field(&f, v.FieldByIndex(f.index), problem.Join(path, f.name))
			if err != nil {
				return nil, err
			}
			if c != nil {
				n.items = append(n.items, &enode{kind: yaml.ScalarNode, text: f.name, str: true}, c)
			}
		}
		if len(n.items) == 0 {
			return nil, nil
		}
		return n, nil
	}
	return nil, fmt.Errorf("fileformat: %s: cannot encode Go type %s", path, v.Type())
}

// field returns the tree of the struct field f holding v, or nil when it is
// left out: when it is zero or empty, unless tagged keepzero. A keepzero
// field is written even when zero, except for a zero value whose text is
// empty (it would not read back).
func (e *encoder) field(f *field, v reflect.Value, path string) (*enode, error) {
	if !f.keepZero {
		return e.node(v, path)
	}
	n, err := e.element(v, path)
	if err == nil && n.kind == yaml.ScalarNode && n.text == "" && !n.null && kindOf(v.Type()) == kText {
		return nil, nil
	}
	return n, err
}

// element returns the tree of an element of a list or map, or of the target
// of a pointer: never left out, so zero values are written in full.
func (e *encoder) element(v reflect.Value, path string) (*enode, error) {
	k := kindOf(v.Type())
	var n *enode
	var err error
	switch {
	case k.isScalar():
		if k == kLocation && v.IsNil() {
			return &enode{kind: yaml.ScalarNode, null: true}, nil
		}
		return e.scalar(v, k, path)
	default:
		n, err = e.node(v, path)
	}
	if err != nil || n != nil {
		return n, err
	}
	switch k {
	case kSlice:
		if v.IsNil() {
			return &enode{kind: yaml.ScalarNode, null: true}, nil
		}
		return &enode{kind: yaml.SequenceNode}, nil
	case kPointer:
		return &enode{kind: yaml.ScalarNode, null: true}, nil
	}
	return &enode{kind: yaml.MappingNode}, nil
}

func isZeroScalar(v reflect.Value, k kind) bool {
	switch k {
	case kDecimal:
		return v.Interface().(decimal.Decimal).IsZero()
	case kTime:
		return v.Interface().(time.Time).IsZero()
	}
	return v.IsZero()
}

func (e *encoder) scalar(v reflect.Value, k kind, path string) (*enode, error) {
	fail := func(format string, args ...any) (*enode, error) {
		return nil, fmt.Errorf("fileformat: %s: "+format, append([]any{path}, args...)...)
	}
	n := &enode{kind: yaml.ScalarNode, str: true}
	switch k {
	case kString:
		n.text = v.String()
		if !utf8.ValidString(n.text) {
			return fail("string is not valid UTF-8")
		}
	case kBool:
		n.text, n.str = strconv.FormatBool(v.Bool()), false
	case kInt:
		n.text, n.str = strconv.FormatInt(v.Int(), 10), false
	case kUint:
		n.text, n.str = strconv.FormatUint(v.Uint(), 10), false
	case kDecimal:
		n.text, n.str = formatDecimal(v.Interface().(decimal.Decimal)), false
	case kTime:
		t := v.Interface().(time.Time)
		if y := t.Year(); y < 0 || y > 9999 {
			return fail("time %s is outside years 0000 to 9999", t)
		}
		if _, off := t.Zone(); off%60 != 0 {
			t = t.UTC() // RFC 3339 offsets are whole minutes; local mean time is not
		}
		n.text, n.plain = t.Format(time.RFC3339Nano), true
	case kDuration:
		d := time.Duration(v.Int())
		if d < 0 {
			return fail("negative duration %s cannot be written", d)
		}
		n.text = FormatDuration(d)
	case kLocation:
		n.text = v.Interface().(*time.Location).String()
	case kCurrency:
		n.text = v.Interface().(currency.Unit).String()
	case kText:
		var m encoding.TextMarshaler
		switch {
		case v.Type().Implements(textMarshalerType):
			m = v.Interface().(encoding.TextMarshaler)
		case reflect.PointerTo(v.Type()).Implements(textMarshalerType):
			p := reflect.New(v.Type())
			p.Elem().Set(v)
			m = p.Interface().(encoding.TextMarshaler)
		default:
			return fail("type %s has UnmarshalText but no MarshalText", v.Type())
		}
		b, err := m.MarshalText()
		if err != nil {
			return fail("%w", err)
		}
		n.text = string(b)
		if !utf8.Valid(b) {
			return fail("text is not valid UTF-8")
		}
	default:
		return fail("cannot encode Go type %s", v.Type())
	}
	return n, nil
}

// formatDecimal writes d with all the digits it has: "15.00" stays "15.00"
// (decimal.Decimal.String would write "15"), "1e30" is written out in full.
func formatDecimal(d decimal.Decimal) string {
	if e := d.Exponent(); e < 0 {
		return d.StringFixed(-e)
	}
	return d.String()
}

// compareKeys orders map keys by value: numbers numerically, strings and
// enums by their underlying value, anything else by its text.
func compareKeys(a, b reflect.Value) int {
	switch a.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return cmpOrdered(a.Int(), b.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return cmpOrdered(a.Uint(), b.Uint())
	case reflect.String:
		return strings.Compare(a.String(), b.String())
	case reflect.Bool:
		return cmpOrdered(boolInt(a.Bool()), boolInt(b.Bool()))
	}
	return strings.Compare(fmt.Sprint(a.Interface()), fmt.Sprint(b.Interface()))
}

func cmpOrdered[T int64 | uint64 | int](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
