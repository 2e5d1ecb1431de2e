package main

import (
	"io"
	"time"

	"github.com/outagekit/postmortem/internal/atomicfile"
	"github.com/outagekit/postmortem/report"
)

// renderFlags are the flags of the commands that render a document (report,
// statement): its format, language, zone, edition, dates, page and output.
type renderFlags struct {
	format, lang, tz, asOf, generated, page, out *string
	public                                       *bool
}

// addRenderFlags registers the rendering flags on fs; what is the
// document's name in their help ("report", "statement"), zoneOf whose zone
// times default to, asOfHelp what -as-of does for it.
func addRenderFlags(fs *flags, what, zoneOf, asOfHelp string) *renderFlags {
	return &renderFlags{
		format:    fs.String("format", "", "output `FORMAT`: md or pdf (required)"),
		lang:      fs.String("lang", "en", "`LANGUAGE` of headings and numbers: en, de or fr"),
		tz:        fs.String("tz", "", "show times in the IANA `ZONE` (default: the "+zoneOf+"'s zone)"),
		public:    fs.Bool("public", false, "the edition published to customers (see above)"),
		asOf:      fs.String("as-of", "", asOfHelp),
		generated: fs.String("generated", "", "print instant `T` as the "+what+"'s date"),
		page:      fs.String("page", "a4", "PDF page `SIZE`: a4 or letter"),
		out:       fs.file("out", "-", "write to `FILE` (\"-\": standard output)"),
	}
}

// check checks the flags that need no input file and returns the options
// they give; the dates come with times. A PDF is not written to stdout
// when it is a terminal (as gzip refuses to): the bytes would garble it.
func (r *renderFlags) check(stdout io.Writer) (report.Options, error) {
	var opts report.Options
	if *r.format == "" {
		return opts, usagef("-format is required: md or pdf")
	}
	if err := oneOf("format", *r.format, "md", "pdf"); err != nil {
		return opts, err
	}
	if *r.format == "pdf" && atomicfile.IsStdout(*r.out) && isTerminal(stdout) {
		return opts, usagef("refusing to write a PDF to the terminal: give -out FILE, or redirect standard output (> file.pdf)")
	}
	if err := oneOf("page", *r.page, "a4", "letter"); err != nil {
		return opts, err
	}
	var err error
	if opts.Lang, err = parseLang(*r.lang); err != nil {
		return opts, err
	}
	if opts.Zone, err = parseZoneFlag("tz", *r.tz); err != nil {
		return opts, err
	}
	opts.Public = *r.public
	if *r.page == "letter" {
		opts.PageSize = report.Letter
	}
	return opts, nil
}

// times reads -as-of and -generated into opts, local times in loc.
func (r *renderFlags) times(opts *report.Options, loc *time.Location) error {
	var err error
	if opts.AsOf, err = parseTimeFlag("as-of", *r.asOf, loc); err != nil {
		return err
	}
	opts.Generated, err = parseTimeFlag("generated", *r.generated, loc)
	return err
}
