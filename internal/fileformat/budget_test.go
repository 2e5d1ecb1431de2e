package fileformat

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// treeNodes counts the nodes of the trees a YAML decoder builds for data,
// every document, without following aliases.
func treeNodes(data []byte) (int, bool) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	total := 0
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return total, true
		}
		if err != nil {
			return 0, false
		}
		var count func(n *yaml.Node)
		count = func(n *yaml.Node) {
			total++
			for _, c := range n.Content {
				count(c)
			}
		}
		for _, c := range doc.Content {
			count(c)
		}
	}
}

// FuzzCountValues checks that countValues never counts fewer values than
// the YAML parser builds nodes, for any input it parses: a document within
// the bound is safe to parse.
func FuzzCountValues(f *testing.F) {
	for _, s := range []string{
		"a: b\n", "- a\n- b\n", "[a,b,c]", "{a, b, c}", "{a: 1, b: [2, 3]}", "a:\nb:\n", "? a\n: b\n",
		"- - - a\n", "a: &x [1, 2]\nb: *x\n", "a: 'it''s: a, b'\nb: \"c, d\\\" e: f\"\n",
		"text: don't - stop: here\n- a\n", "a: |\n  x: y\n  - z\n", "[a: b, c]", "a: b # c: d, [e]\n",
		`{"a": [1, 2, {"b": null}], "c": "d,e:f"}`, "--- a\n--- b\n", "a: !!str b\n", "- \"x\n  y\": z\n",
		// Quotes that only look like the start of a scalar must not hide
		// the lines after them.
		"t: |\n  \"x\nb: [1,1,1,1,1,1]\nc: \"\n", "a: x - \"y\nb: [1,1,1,1,1,1]\nc: \"z\n",
		"a: 1 # \"\rb: [1,1,1,1]\r", "a: \"x\\\n[1,1,1,1]\"\n", "a: 'x\nb: [1,1,1]\nc: '\n",
		// YAML also ends lines with NEL, LS and PS: a ":" before one
		// starts a value.
		"0:\u0085", "a:\u2028b: [1,1]\u2029- c\u0085", "a: 1 # x\u0085b: [1,1,1]\n", "a: \"x\u2028b: [1,1]\"\n",
		// What only looks like a quote or a comment: a quote inside a plain
		// scalar of a flow collection (which goes on after ":" and over
		// lines), a bracket inside a plain scalar of a block, a "#" inside
		// a quoted scalar's second line.
		"{0:\",[0,0]}", "{a: b\n\"x, [1,1,1], c\"}", "a: b[c\n\"x # y\": [1,1,1,1]\n", "{a: \"x\n y # \", [1,1,1,1]}",
		"{a: x - \"y, [1,1,1]\"}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		nodes, ok := treeNodes(data)
		if !ok {
			return
		}
		if n, _ := countValues(data, 1<<30); n < nodes {
			t.Fatalf("countValues = %d, the parser builds %d nodes for %q", n, nodes, data)
		}
	})
}

// TestManyValuesRefused checks that documents with more values than the
// limit are refused before parsing, naming the line, whatever their shape,
// while a large document with few values (a long text) is read.
func TestManyValuesRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		data string
	}{
		{"a flow list", "components: [" + strings.Repeat("a,", maxValues) + "a]\n"},
		{"a flow mapping", "weights: {" + strings.Repeat("a,", maxValues) + "a}\n"},
		{"a block list", "components:\n" + strings.Repeat("- a\n", maxValues/2)},
		{"a JSON list", `{"components": [` + strings.Repeat("1,", maxValues) + "1]}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v testIncident
			_, err := Decode("a.yaml", []byte(tc.data), &v, Options{})
			ps := problemsOf(t, err)
			if len(ps) != 1 || !strings.HasPrefix(ps[0].Msg, "the document has too many values to parse: more than 1048576 values, separators and lines") || ps[0].Line < 1 {
				t.Errorf("problems = %v", ps)
			}
		})
	}
	var v testIncident
	prose := "id: |\n" + strings.Repeat("  the power went out and nothing worked\n", 1<<16)
	if _, err := Decode("a.yaml", []byte(prose), &v, Options{}); err != nil {
		t.Errorf("a 2.6 MB block of text: %v", err)
	}
}

// TestPositionLineEnds checks that positions count lines as YAML does:
// "\n", "\r\n" and a bare "\r" each end one, so a problem found by this
// package (JSON, bytes that are not UTF-8) names the line the YAML parser
// and an editor show.
func TestPositionLineEnds(t *testing.T) {
	for _, tc := range []struct {
		data      string
		off       int
		line, col int
	}{
		{"ab\ncd", 4, 2, 2},
		{"ab\r\ncd", 5, 2, 2},
		{"ab\rcd", 4, 2, 2},
		{"ab\r\ncd", 2, 1, 3},
		{"a\r\rb", 3, 3, 1},
		{"é\rü", 4, 2, 2},
	} {
		if line, col := Position([]byte(tc.data), tc.off); line != tc.line || col != tc.col {
			t.Errorf("Position(%q, %d) = %d:%d, want %d:%d", tc.data, tc.off, line, col, tc.line, tc.col)
		}
	}
	var v testIncident
	_, err := Decode("a.json", []byte("{\"id\": \"x\",\r\"budget\": \"soon\"}\r"), &v, Options{})
	if ps := problemsOf(t, err); len(ps) != 1 || ps[0].Line != 2 {
		t.Errorf("a problem on the second line of a JSON file with bare carriage returns: %v", ps)
	}
}
