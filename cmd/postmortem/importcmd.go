package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/outagekit/postmortem/internal/atomicfile"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/source"
	"github.com/outagekit/postmortem/source/pagerduty"
	"github.com/outagekit/postmortem/source/statuspage"
)

const importUsage = `
Usage: postmortem import statuspage [-component NAME] [-impact-start started|update] [common flags] FILE...
       postmortem import pagerduty [-level LEVEL] [common flags] FILE...
common flags: [-zone ZONE] [-format yaml|json] [-out DIR]

Converts another tool's export into incident files in postmortem's format,
one per incident, named after the incident id ("DIR/ID.yaml", made safe on
every file system). A single incident goes to standard output when -out is
not given; several need -out.

statuspage: Atlassian Statuspage incidents, the JSON of the public API's
/api/v2/incidents.json (or unresolved.json), an object with one "incident",
or the management API's list. Several files (the pages of the API) make one
run; an incident on several pages is imported once, from its latest copy.
Each update is one communication; component statuses become impacts
(-impact-start: from the incident's start, or from the update that shows
them); an incident without component statuses gets an impact derived from
its impact level, on -component (default: the page's name).

pagerduty: PagerDuty REST API v2 incidents (/incidents/{id}, /incidents) and
their log entries (/incidents/{id}/log_entries), in any number of files:
trigger, acknowledgement and resolution give the timeline; the service is
the component, impacted at -level from the trigger to the resolution.

Incidents with problems are left out and their problems printed; the others
are still written, and the exit status is 1.
`

func runImport(e *env, args []string) error {
	fs := newFlags(e, "import", importUsage)
	zone := fs.String("zone", "", "give the incidents the IANA `ZONE` their times display in (default UTC)")
	format := fs.String("format", "yaml", "output `FORMAT`: yaml or json")
	out := fs.file("out", "", "write one file per incident into `DIR` (created if missing)")
	component := fs.String("component", "", "statuspage: the `NAME` of the component an incident without component statuses impacts (default: the page's name)")
	impactStart := fs.String("impact-start", "started", "statuspage: a component's first impact starts at the incident's `START`: started (started_at) or update (the update that shows it, as Statuspage's uptime bars count)")
	level := fs.String("level", "major_outage", "pagerduty: the `LEVEL` of the impact on the service (PagerDuty records none)")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("name the export's source: statuspage or pagerduty")
	}
	if pos[0] != "statuspage" && pos[0] != "pagerduty" {
		return usagef("unknown source %q: want statuspage or pagerduty", pos[0])
	}
	if len(pos) < 2 {
		return usagef("no export file given")
	}
	if err := oneOf("format", *format, "yaml", "json"); err != nil {
		return err
	}
	if err := oneOf("impact-start", *impactStart, "started", "update"); err != nil {
		return err
	}
	lv, err := rca.ParseLevel(*level)
	if err != nil || lv == rca.Operational {
		return usagef("-level %q: want degraded_performance, partial_outage, major_outage or under_maintenance", *level)
	}
	loc, err := parseZoneFlag("zone", *zone)
	if err != nil {
		return err
	}
	if err := stdinOnce(pos[1:]...); err != nil {
		return err
	}
	var files []source.File
	for _, name := range pos[1:] {
		data, err := e.readInput(name)
		if err != nil {
			return err
		}
		files = append(files, source.File{Name: displayName(name), Data: data})
	}
	var incs []*rca.Incident
	var ierr error
	duplicates := 0
	switch pos[0] {
	case "statuspage":
		start, _ := statuspage.ParseImpactStart(*impactStart)
		var res statuspage.Result
		res, ierr = statuspage.Import(statuspage.Opts{Zone: loc, Component: *component, ImpactStart: start}, files...)
		incs, duplicates = res.Incidents, res.Duplicates
	case "pagerduty":
		incs, ierr = pagerduty.Import(pagerduty.Opts{Zone: loc, Level: lv}, files...)
	}
	verr, invalid := asValidation(ierr)
	if ierr != nil && !invalid {
		return ierr
	}
	f := rca.YAML
	if *format == "json" {
		f = rca.JSON
	}
	o := e.newOutputs(pos[1:]...)
	defer o.close()
	switch {
	case *out == "" && len(incs) > 1:
		return usagef("the export holds %d incidents: give -out DIR", len(incs))
	case *out == "" && len(incs) == 1:
		w, err := o.create("out", "-")
		if err != nil {
			return err
		}
		if err := incs[0].Encode(w, f); err != nil {
			return err
		}
		if err := o.commit("converting 1 incident"); err != nil {
			return err
		}
	case *out != "":
		if err := writeImported(e, o, *out, incs, f); err != nil {
			return err
		}
	}
	if duplicates > 0 {
		fmt.Fprintf(e.stderr, "postmortem import: %s given again on another page: imported once, from the copy updated last\n", plural(duplicates, "incident"))
	}
	if invalid {
		printProblems(e.stderr, verr)
		fmt.Fprintf(e.stderr, "postmortem import: %s imported; %s\n", plural(len(incs), "incident"), plural(len(verr.Problems), "problem"))
		return errReported
	}
	return nil
}

// writeImported writes one file per incident into dir, created if missing,
// named by source.FileNames. The files are prepared in a staging folder and
// moved into place together (atomicfile.Stage): on an error or an
// interruption none is written. No file may be one of the run's inputs (o).
// An error names the folder or the incident and file it was writing.
func writeImported(e *env, o *outputs, dir string, incs []*rca.Incident, f rca.Format) error {
	ids := make([]string, len(incs))
	for i, inc := range incs {
		ids[i] = inc.ID
	}
	names := source.FileNames(ids, f.String())
	if _, err := os.Stat(dir); err == nil { // a folder that does not exist yet holds no input
		for _, name := range names {
			if err := o.check("out", filepath.Join(dir, name)); err != nil {
				return err
			}
		}
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return fmt.Errorf("creating the output folder %s: %w", dir, err)
	}
	stage, err := atomicfile.NewStage(dir)
	if err != nil {
		return fmt.Errorf("preparing the output folder %s: %w", dir, err)
	}
	defer stage.Close()
	for i, inc := range incs {
		if err := e.interrupted(fmt.Sprintf("converting %d of %s", i, plural(len(incs), "incident"))); err != nil {
			return err
		}
		if err := atomicfile.Write(stage.Path(names[i]), e.stdout, func(w io.Writer) error { return inc.Encode(w, f) }); err != nil {
			return fmt.Errorf("writing incident %q to %s: %w", inc.ID, filepath.Join(dir, names[i]), err)
		}
	}
	if err := e.interrupted(fmt.Sprintf("converting %s", plural(len(incs), "incident"))); err != nil {
		return err
	}
	if err := stage.Commit(); err != nil {
		return fmt.Errorf("moving the incident files into %s: %w", dir, err)
	}
	text := newSafeWriter(e.stdout)
	for _, name := range names {
		fmt.Fprintf(text, "wrote %s\n", filepath.Join(dir, name))
	}
	return nil
}
