package campaign

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Messages for a brief that is not YAML of the right shape, worded for ops:
// which field, on which line, what was expected — never Go type names.

var (
	unknownFieldRE = regexp.MustCompile(`^line (\d+): field (.*) not found in type \S+$`)
	typeErrorRE    = regexp.MustCompile("^line (\\d+): cannot unmarshal (\\S*)(?: `(.*)`)? into (.+)$")
	lineErrorRE    = regexp.MustCompile(`^line (\d+)(?:, column (\d+))?: (.+)$`)
)

// shapeProblem catches a file that is no brief at all: empty, or a list or a
// single value where a mapping of fields belongs.
func shapeProblem(data []byte) *FieldError {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil // the decoder reports the syntax error with its line
	}
	if len(doc.Content) == 0 || (doc.Content[0].Kind == yaml.ScalarNode && doc.Content[0].Tag == "!!null") {
		return &FieldError{Field: "(file)", Problem: "is empty: a brief needs at least id, name, creators_wanted, budget and offer (see examples/spring-glow.yaml)"}
	}
	if root := doc.Content[0]; root.Kind != yaml.MappingNode {
		return &FieldError{Field: "(file)", Problem: fmt.Sprintf("must be a mapping of brief fields (id: …, name: …, budget: …), not %s (line %d)", nodeKind(root), root.Line)}
	}
	return nil
}

// yamlProblems words the decoder's errors, naming the field on the line.
func yamlProblems(data []byte, err error) []FieldError {
	paths, values := keyPaths(data)
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	var out []FieldError
	for _, msg := range msgs {
		if m := unknownFieldRE.FindStringSubmatch(msg); m != nil {
			name := m[2]
			if strings.TrimSpace(name) == "" {
				name = "(an empty key)"
			}
			out = append(out, FieldError{Field: name, Problem: "is not a brief field (line " + m[1] + "); check its spelling against examples/"})
			continue
		}
		if m := typeErrorRE.FindStringSubmatch(msg); m != nil {
			out = append(out, FieldError{Field: fieldOn(paths, m[1]),
				Problem: fmt.Sprintf("must be %s, not %s (line %s)", goTypeWords(m[4]), tagWords(m[2], m[3]), m[1])})
			continue
		}
		if m := lineErrorRE.FindStringSubmatch(msg); m != nil {
			f := fieldOn(paths, m[1])
			line, _ := strconv.Atoi(m[1]) // the pattern matched digits
			col, _ := strconv.Atoi(m[2])
			if v, ok := values[[2]int{line, col}]; ok {
				f = v
			}
			if f != "(file)" {
				problem := m[3]
				if rest, ok := strings.CutPrefix(problem, "want "); ok {
					problem = "must be " + rest
				}
				out = append(out, FieldError{Field: f, Problem: problem + " (line " + m[1] + ")"})
				continue
			}
		}
		out = append(out, FieldError{Field: "(file)", Problem: "is not valid YAML: " + msg})
	}
	return out
}

func fieldOn(paths map[int]string, line string) string {
	n, err := strconv.Atoi(line)
	if p, ok := paths[n]; ok && err == nil {
		return p
	}
	return "(file)"
}

// keyPaths maps each line of the document to the dotted path of the first key
// written on it ("offer.fee", "timing.monitoring[2]"): a flow value stays its
// key's. values maps each value's line and column to its path.
func keyPaths(data []byte) (lines map[int]string, values map[[2]int]string) {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil {
		return nil, nil
	}
	out := map[int]string{}
	values = map[[2]int]string{}
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, path)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				p := k.Value
				if path != "" {
					p = path + "." + k.Value
				}
				if _, ok := out[k.Line]; !ok { // a flow mapping stays its key's
					out[k.Line] = p
				}
				values[[2]int{v.Line, v.Column}] = p
				walk(v, p)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				p := fmt.Sprintf("%s[%d]", path, i)
				if _, ok := out[c.Line]; !ok {
					out[c.Line] = p
				}
				values[[2]int{c.Line, c.Column}] = p
				walk(c, p)
			}
		}
	}
	walk(&doc, "")
	return out, values
}

// nodeKind says what a YAML node holds, in words.
func nodeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	}
	return tagWords(n.Tag, n.Value)
}

// tagWords says what a YAML value of this tag ("!!str", "!!seq") holds.
func tagWords(tag, value string) string {
	switch strings.TrimPrefix(tag, "!!") {
	case "seq":
		return "a list"
	case "map":
		return "a mapping"
	case "null":
		return "empty"
	case "str":
		return fmt.Sprintf("the text %q", value)
	case "int", "float":
		return "the number " + value
	case "bool":
		return value
	}
	if t, ok := strings.CutPrefix(tag, "!!"); ok {
		return "a " + t + " value" // timestamp, binary, merge
	}
	return "a value tagged " + tag
}

func goTypeWords(t string) string {
	switch {
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"):
		return "a whole number"
	case strings.HasPrefix(t, "float"):
		return "a number"
	case t == "string":
		return "text"
	case t == "bool":
		return "true or false"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map["):
		return "a mapping"
	}
	return "a mapping of its fields"
}
