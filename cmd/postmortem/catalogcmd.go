package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/outagekit/postmortem/catalog"
)

const catalogUsage = `
Usage: postmortem catalog [NAME | plans/NAME]

Lists the providers' SLAs shipped in the binary, or prints the policy file
of one (to read it, or to start your own from it), or its plans file: the
credit side of its terms, with an example price to replace with yours. Any
command reads an entry wherever it reads a file: -policy catalog:NAME,
-plans catalog:plans/NAME.

Each file is the project's reading of a public text, not legal advice: it
names the URL and the version or date of the text it reads; the
provider's agreement in force for your contract governs.
`

func runCatalog(e *env, args []string) error {
	fs := newFlags(e, "catalog", catalogUsage)
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	switch len(pos) {
	case 0:
		entries, err := catalog.List()
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tOBJECTIVE\tPLANS\tVERSION\tSLA")
		for _, en := range entries {
			plans := "-"
			if en.Plans {
				plans = "yes"
			}
			fmt.Fprintf(tw, "%s\t%s%%\t%s\t%s\t%s\n", en.Name, en.Objective, plans, en.Version, en.Title)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "\nRead one with -policy %sNAME, its plans with -plans %splans/NAME;\nprint them with \"postmortem catalog NAME\" and \"postmortem catalog plans/NAME\".\n", catalog.Prefix, catalog.Prefix)
		fmt.Fprintln(e.stdout, "Each is the project's reading of a public text, not legal advice; sources: catalog/SOURCES.md.")
		return nil
	case 1:
		data, _, err := catalog.File(pos[0])
		if err != nil {
			return err
		}
		_, err = e.stdout.Write(data)
		return err
	}
	return usagef("unexpected argument %q", pos[1])
}
