package fileformat

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/outagekit/postmortem/internal/problem"
)

// Doc is a decoded document. It remembers where each field is written so
// that problems found after decoding (by validation) can name the line.
// A Doc is immutable once Decode returns it, and safe for concurrent use.
//
// A Doc keeps the document's node tree and finds a path in it when asked
// (Locate, Text), rather than storing the text of every path: that would
// cost memory in the product of the document's nodes and depth.
type Doc struct {
	format Format
	root   *yaml.Node
	// keys indexes the keys of mappings with more than smallMapping of
	// them: key → index in Content of its first occurrence.
	keys map[*yaml.Node]map[string]int
	// failed marks the nodes whose value failed to decode (failedHere) or
	// holds such a value or an unknown or bad key (failedWithin).
	failed map[*yaml.Node]failure
}

// failure is how a node of a document failed to decode.
type failure uint8

const (
	failedWithin failure = 1 + iota // something inside the node failed
	failedHere                      // the node's own value failed
)

// smallMapping is the most keys of a mapping searched by a scan; larger
// mappings get an index.
const smallMapping = 8

// Format returns the format the document was read as.
func (d *Doc) Format() Format {
	if d == nil {
		return YAML
	}
	return d.format
}

// Locate returns the line and column where the field at path is written
// ("timeline[3].at", "weights.partial_outage"): for a field of a mapping,
// the position of its key; for an element of a list, the position of the
// element; for "", the top-level mapping. It returns zeros for a path not in
// the document. It implements problem.Locator; a nil *Doc locates nothing.
func (d *Doc) Locate(path string) (line, column int) {
	at, _, ok := d.find(path, nil)
	if !ok {
		return 0, 0
	}
	return at.Line, at.Column
}

// Keys returns the field names of the document's top-level mapping, in
// file order (a name written twice once); nil for a nil *Doc or a document
// that could not be read.
func (d *Doc) Keys() []string {
	if d == nil || d.root == nil || d.root.Kind != yaml.MappingNode {
		return nil
	}
	var keys []string
	for i := 0; i+1 < len(d.root.Content); i += 2 {
		if k := d.root.Content[i]; k.Kind == yaml.ScalarNode && d.keyIndex(d.root, k.Value) == i {
			keys = append(keys, k.Value)
		}
	}
	return keys
}

// Text returns the scalar value at path as the document writes it ("1e30",
// "-15.00", "14h28m"), so that a problem found after decoding can quote
// the user's words rather than the value they decoded to. ok is false for
// a path that is not a scalar of the document; a nil *Doc has no text.
func (d *Doc) Text(path string) (text string, ok bool) {
	_, v, found := d.find(path, nil)
	if !found || v.Kind != yaml.ScalarNode {
		return "", false
	}
	return v.Value, true
}

// Failed reports whether the field at path failed to decode, lies inside
// a field that did, or holds one (a field of a mapping with an unknown
// key holds it): its value is zero or incomplete, and a problem validation
// finds there says nothing the decoding problem did not. The document as
// a whole ("") has not failed. A nil *Doc has no failed fields.
func (d *Doc) Failed(path string) bool {
	if d == nil || len(d.failed) == 0 || path == "" {
		return false
	}
	failed := false
	_, v, ok := d.find(path, func(n *yaml.Node) {
		// A field inside one whose value failed.
		failed = failed || n != d.root && d.failed[n] == failedHere
	})
	return failed || ok && d.failed[v] != 0
}

// find walks path from the root and returns the node that locates it (a
// mapping key, or the element itself) and its value. It calls pass, when
// not nil, with every value it passes through before the last. Aliases
// are not followed.
func (d *Doc) find(path string, pass func(*yaml.Node)) (at, value *yaml.Node, ok bool) {
	if d == nil || d.root == nil {
		return nil, nil, false
	}
	at, value = d.root, d.root
	rest := path
	for rest != "" {
		if pass != nil {
			pass(value)
		}
		switch {
		case rest[0] == '[' && value.Kind == yaml.SequenceNode:
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return nil, nil, false
			}
			i, err := strconv.Atoi(rest[1:end])
			if err != nil || i < 0 || i >= len(value.Content) {
				return nil, nil, false
			}
			at, value, rest = value.Content[i], value.Content[i], rest[end+1:]
		case value.Kind == yaml.MappingNode:
			if value != d.root || rest[0] == '.' {
				if rest[0] != '.' {
					return nil, nil, false
				}
				rest = rest[1:]
			}
			// The key is the shortest prefix of rest up to a "." or "["
			// (or all of it) that the mapping has: keys may hold either.
			k := -1
			for end := 0; k < 0; {
				next := strings.IndexAny(rest[end:], ".[")
				if next < 0 {
					end = len(rest)
				} else {
					end += next
				}
				k = d.keyIndex(value, rest[:end])
				if k >= 0 {
					rest = rest[end:]
					break
				}
				if end == len(rest) {
					return nil, nil, false
				}
				end++
			}
			at, value = value.Content[k], value.Content[k+1]
		default:
			return nil, nil, false
		}
	}
	return at, value, true
}

// keyIndex returns the index in n.Content of the first key named key of
// mapping n, or -1.
func (d *Doc) keyIndex(n *yaml.Node, key string) int {
	if idx, ok := d.keys[n]; ok {
		if i, ok := idx[key]; ok {
			return i
		}
		return -1
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key {
			return i
		}
	}
	return -1
}

// index prepares the document under root for Locate and reports duplicate
// keys, returning the duplicate key nodes (which the decoder then skips).
// Aliases are not followed. Its cost is linear in the size of the tree.
func (d *Doc) index(root *yaml.Node, file string, l *problem.List) map[*yaml.Node]bool {
	d.root = root
	d.keys = map[*yaml.Node]map[string]int{}
	dups := map[*yaml.Node]bool{}
	var walk func(n *yaml.Node, path *fieldPath)
	walk = func(n *yaml.Node, path *fieldPath) {
		switch n.Kind {
		case yaml.MappingNode:
			var idx map[string]int
			if len(n.Content)/2 > smallMapping {
				idx = make(map[string]int, len(n.Content)/2)
				d.keys[n] = idx
			}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if k.Kind != yaml.ScalarNode || k.Value == "" {
					// An empty name has no path of its own: the decoder
					// reports it at its mapping.
					continue
				}
				first := -1
				if idx != nil {
					if j, ok := idx[k.Value]; ok {
						first = j
					} else {
						idx[k.Value] = i
					}
				} else if j := d.keyIndex(n, k.Value); j < i {
					first = j
				}
				if first >= 0 {
					dups[k] = true
					l.AddAt(k.Line, k.Column, path.field(k.Value),
						fmt.Sprintf("duplicate key: already written at line %d", n.Content[first].Line))
					continue
				}
				walk(v, path.field(k.Value))
			}
		case yaml.SequenceNode:
			for i, item := range n.Content {
				walk(item, path.elem(i))
			}
		}
	}
	walk(root, nil)
	return dups
}

// fail marks node n of the document as failed to decode: its own value
// (here), or something inside it.
func (d *Doc) fail(n *yaml.Node, here bool) {
	if d.failed == nil {
		d.failed = map[*yaml.Node]failure{}
	}
	f := failedWithin
	if here {
		f = failedHere
	}
	d.failed[n] = max(d.failed[n], f)
}

// fieldPath is the field path of a node, built as a walk descends and
// written out ("timeline[3].at") only for a problem: writing it for every
// node would cost time and memory in the product of the document's nodes
// and depth. The nil *fieldPath is the document itself, "".
type fieldPath struct {
	up    *fieldPath
	name  string // a field name or mapping key
	index int    // an element's index in its list; -1 for a name
}

// field returns the path of field name inside p.
func (p *fieldPath) field(name string) *fieldPath { return &fieldPath{up: p, name: name, index: -1} }

// elem returns the path of element i of the list at p.
func (p *fieldPath) elem(i int) *fieldPath { return &fieldPath{up: p, index: i} }

// String writes the path as problem.Join and problem.Index do.
func (p *fieldPath) String() string {
	var steps []*fieldPath
	for q := p; q != nil; q = q.up {
		steps = append(steps, q)
	}
	var b strings.Builder
	for i := len(steps) - 1; i >= 0; i-- {
		switch q := steps[i]; {
		case q.index >= 0:
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(q.index))
			b.WriteByte(']')
		case b.Len() > 0:
			b.WriteByte('.')
			fallthrough
		default:
			b.WriteString(q.name)
		}
	}
	return b.String()
}

var _ problem.Locator = (*Doc)(nil)
