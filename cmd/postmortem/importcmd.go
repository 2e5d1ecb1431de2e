package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/outagekit/postmortem/internal/atomicfile"
	"github.com/outagekit/postmortem/rca"
)

const importUsage = `
Usage: postmortem import statuspage [-zone ZONE] [-format yaml|json] [-out DIR] FILE

Converts an Atlassian Statuspage incidents export (the JSON of
GET /api/v2/incidents.json) into incident files in postmortem's format, one
per incident, named after the incident id ("DIR/ID.yaml"). A single incident
goes to standard output when -out is not given; several need -out.

Incidents with problems are left out and their problems printed; the others
are still written, and the exit status is 1.
`

func runImport(e *env, args []string) error {
	fs := newFlags(e, "import", importUsage)
	zone := fs.String("zone", "", "give the incidents the IANA `ZONE` their times display in (default UTC)")
	format := fs.String("format", "yaml", "output `FORMAT`: yaml or json")
	out := fs.String("out", "", "write one file per incident into `DIR` (created if missing)")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("name the export's source: statuspage")
	}
	if pos[0] != "statuspage" {
		return usagef("unknown source %q: want statuspage", pos[0])
	}
	if len(pos) != 2 {
		return usagef("want one export file, got %d", len(pos)-1)
	}
	if err := oneOf("format", *format, "yaml", "json"); err != nil {
		return err
	}
	loc, err := parseZoneFlag("zone", *zone)
	if err != nil {
		return err
	}
	data, err := e.readInput(pos[1])
	if err != nil {
		return err
	}
	incs, ierr := rca.ImportStatuspage(displayName(pos[1]), data, rca.StatuspageOpts{Zone: loc})
	verr, invalid := asValidation(ierr)
	if ierr != nil && !invalid {
		return ierr
	}
	f := rca.YAML
	if *format == "json" {
		f = rca.JSON
	}
	switch {
	case *out == "" && len(incs) > 1:
		return usagef("the export holds %d incidents: give -out DIR", len(incs))
	case *out == "" && len(incs) == 1:
		if err := atomicfile.Write("-", e.stdout, func(w io.Writer) error { return incs[0].Encode(w, f) }); err != nil {
			return err
		}
	case *out != "":
		if err := writeImported(e, *out, incs, f); err != nil {
			return err
		}
	}
	if invalid {
		printProblems(e.stderr, verr)
		fmt.Fprintf(e.stderr, "postmortem import: %s imported; %s\n", plural(len(incs), "incident"), plural(len(verr.Problems), "problem"))
		return errReported
	}
	return nil
}

// writeImported writes one file per incident into dir, created if missing.
// The files are prepared in a staging folder and moved into place together
// (atomicfile.Stage): on an error or an interruption none is written.
func writeImported(e *env, dir string, incs []*rca.Incident, f rca.Format) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	stage, err := atomicfile.NewStage(dir)
	if err != nil {
		return err
	}
	defer stage.Close()
	seen := map[string]bool{}
	var names []string
	for i, inc := range incs {
		if err := e.interrupted(fmt.Sprintf("converting %d of %s", i, plural(len(incs), "incident"))); err != nil {
			return err
		}
		name := fileNameOf(inc.ID, seen) + "." + f.String()
		if err := atomicfile.Write(stage.Path(name), e.stdout, func(w io.Writer) error { return inc.Encode(w, f) }); err != nil {
			return err
		}
		names = append(names, name)
	}
	if err := e.interrupted(fmt.Sprintf("converting %s", plural(len(incs), "incident"))); err != nil {
		return err
	}
	if err := stage.Commit(); err != nil {
		return err
	}
	for _, name := range names {
		fmt.Fprintf(e.stdout, "wrote %s\n", filepath.Join(dir, name))
	}
	return nil
}

// fileNameOf makes a file name from an incident id: characters other than
// letters, digits, "-", "_" and "." become "_"; a name already used gets a
// numeric suffix.
func fileNameOf(id string, seen map[string]bool) string {
	name := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, id)
	name = strings.TrimLeft(name, ".")
	if name == "" {
		name = "incident"
	}
	base := name
	for i := 2; seen[name]; i++ {
		name = fmt.Sprintf("%s-%d", base, i)
	}
	seen[name] = true
	return name
}
