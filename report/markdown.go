package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/outagekit/postmortem/rca"
)

// WriteMarkdown writes d as GitHub-flavoured Markdown to w: headings,
// lists, pipe tables and the timeline chart as a Mermaid gantt block. All
// text from the incident is escaped (see the package documentation), so a
// title or note cannot add a table column, an HTML tag, a link or an image.
// The output depends only on d: the same document gives the same bytes.
//
// It returns ErrNoIncident when d has no incident, or the first error from
// w.
func WriteMarkdown(w io.Writer, d *Document) error {
	c, err := build(d)
	if err != nil {
		return err
	}
	return writeMarkdown(w, c)
}

// writeMarkdown writes laid-out content as Markdown.
func writeMarkdown(w io.Writer, c *content) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	m := &mdWriter{w: bw}
	m.document(c)
	if m.err != nil {
		return m.err
	}
	return bw.Flush()
}

// mdWriter writes Markdown and keeps the first write error.
type mdWriter struct {
	w   *bufio.Writer
	err error
}

func (m *mdWriter) s(parts ...string) {
	for _, p := range parts {
		if m.err != nil {
			return
		}
		_, m.err = m.w.WriteString(p)
	}
}

func (m *mdWriter) document(c *content) {
	m.s("# ", escape(c.title), "\n\n")
	m.s("*", escape(c.kind), " · ", escape(c.edition), "*\n\n")
	if c.draft != "" {
		m.s("**", escape(c.draft), "**\n\n")
	}

	m.fields(c, c.facts)
	for _, sec := range c.sections {
		m.s("\n## ", escape(sec.title), "\n")
		for _, b := range sec.blocks {
			m.s("\n")
			m.block(c, b)
		}
	}
}

func (m *mdWriter) block(c *content, b block) {
	switch b := b.(type) {
	case *subheading:
		m.s("### ", escape(b.text), "\n")
	case *paragraph:
		m.s(escape(b.text), "\n")
	case *none:
		m.s("*", escape(b.text), "*\n")
	case *fieldList:
		m.fields(c, b.fields)
	case *bulletList:
		for _, it := range b.items {
			m.s("- ", escape(it), "\n")
		}
	case *table:
		m.table(b)
	case *chart:
		m.gantt(b)
	}
}

func (m *mdWriter) fields(c *content, fs []field) {
	for _, f := range fs {
		v := escape(f.value)
		if f.alert && v != "" {
			v = "**" + v + "**"
		}
		m.s("- **", escape(c.field(f.label)), "** ", v, "\n")
	}
}

func (m *mdWriter) table(t *table) {
	m.s("|")
	for _, c := range t.cols {
		m.s(" ", escape(c.title), " |")
	}
	m.s("\n|")
	for _, c := range t.cols {
		if c.right {
			m.s(" ---: |")
		} else {
			m.s(" --- |")
		}
	}
	m.s("\n")
	for _, row := range t.rows {
		m.s("|")
		for _, c := range row {
			v := escape(c.text)
			if u, ok := safeURL(c.text); c.link && ok {
				v = "[" + v + "](" + u + ")"
			}
			if c.alert && v != "" {
				v = "**" + v + "**"
			}
			m.s(" ", v, " |")
		}
		m.s("\n")
	}
}

// mermaidTags are the gantt task tags that tell bars apart by impact
// level: crit for major outages, active for partial ones, done for
// degraded performance, none for maintenance. mermaidInit gives each tag
// the colour the PDF's chart draws that level in, so the legend can name
// colours.
var mermaidTags = [rca.NumLevels]string{
	rca.MajorOutage:         "crit, ",
	rca.PartialOutage:       "active, ",
	rca.DegradedPerformance: "done, ",
}

// mermaidInit is the gantt's init directive: Mermaid's base theme with the
// bar colours of levelColors.
var mermaidInit = func() string {
	hex := func(lv rca.Level) string {
		c := levelColors[lv]
		return fmt.Sprintf("#%02x%02x%02x", c.r, c.g, c.b)
	}
	return fmt.Sprintf(`%%%%{init: {"theme": "base", "themeVariables": {`+
		`"critBkgColor": "%s", "critBorderColor": "%[1]s", `+
		`"activeTaskBkgColor": "%s", "activeTaskBorderColor": "%[2]s", `+
		`"doneTaskBkgColor": "%s", "doneTaskBorderColor": "%[3]s", `+
		`"taskBkgColor": "%s", "taskBorderColor": "%[4]s"}}}%%%%`,
		hex(rca.MajorOutage), hex(rca.PartialOutage), hex(rca.DegradedPerformance), hex(rca.UnderMaintenance))
}()

// gantt writes the chart as a Mermaid gantt block: one section per
// component, a task per impact, and a section of milestones. Mermaid reads
// times without a zone, so they are written in the chart's zone, which the
// caption below the block names.
func (m *mdWriter) gantt(c *chart) {
	const layout = "2006-01-02 15:04:05"
	ts := func(t time.Time) string { return t.In(c.loc).Format(layout) }
	m.s("```mermaid\n", mermaidInit, "\ngantt\n")
	m.s("    dateFormat YYYY-MM-DD HH:mm:ss\n")
	m.s("    axisFormat %m-%d %H:%M\n")
	m.s("    todayMarker off\n")
	for _, row := range c.rows {
		m.s("    section ", mermaidText(row.name), "\n")
		for _, b := range row.bars {
			m.s("    ", mermaidText(c.levelNames[b.level]), " :", mermaidTags[b.level], ts(b.from), ", ", ts(b.to), "\n")
		}
	}
	if len(c.milestones) > 0 {
		m.s("    section ", mermaidText(c.msTitle), "\n")
		for _, ms := range c.milestones {
			m.s("    ", mermaidText(ms.label), " :milestone, ", ts(ms.at), ", 0m\n")
		}
	}
	m.s("```\n\n")
	m.s(escape(strings.TrimSuffix(c.axis, ".")+". "+c.legend), "\n")
}
