package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bettermode-go/bettermode"
)

func (a *app) apiCommand() *cobra.Command {
	var typed, raw []string
	var opName string
	cmd := &cobra.Command{
		Use:   "api [DOCUMENT | @FILE | -]",
		Short: "Run a GraphQL query or mutation with the current session",
		Long: `Run a GraphQL document with the current profile's session and print the answer's data
as indented JSON. The document is the argument, the file named after @, or stdin ("-",
or no argument with stdin not a terminal).

Variables, as gh api takes them:
  -F key=value   typed: true, false and null, integers and decimals become JSON values,
                 @FILE (or @- for stdin) becomes the file's content; anything else a string
  -f key=value   always a string
  key[sub]=value nests an object, key[]=value appends to a list

When the API answers with errors, the partial data (if any) is printed, the first error
with its Bettermode code goes to stderr, and the exit code is 1. With --json the whole
answer is printed: {"data", "extensions"} or, after an error, {"data", "error"}.`,
		Example: `  bettermode api 'query { authMember { id name } }'
  bettermode api 'query($id: ID!) { member(id: $id) { name } }' -F id=abc123
  bettermode api @query.graphql -F limit=10 -F input[published]=true
  echo 'query { network { name } }' | bettermode api`,
		Args: cobra.MaximumNArgs(1),
		RunE: a.run(func(cmd *cobra.Command, args []string) error {
			return a.api(cmd.Context(), args, typed, raw, opName)
		}),
	}
	f := cmd.Flags()
	f.StringArrayVarP(&typed, "field", "F", nil, "a typed variable key=value (repeatable)")
	f.StringArrayVarP(&raw, "raw-field", "f", nil, "a string variable key=value (repeatable)")
	f.StringVar(&opName, "operation-name", "", "the operation to run, when the document holds several")
	return cmd
}

func (a *app) api(ctx context.Context, args, typed, raw []string, opName string) error {
	stdinUsed := false
	readStdin := func(what string) (string, error) {
		if stdinUsed {
			return "", usageErr("%s: stdin is already used for something else", what)
		}
		stdinUsed = true
		b, err := io.ReadAll(io.LimitReader(a.in, maxInputBytes+1))
		if err == nil && len(b) > maxInputBytes {
			return "", usageErr("%s on stdin is larger than %d MiB, the most the command reads", what, maxInputBytes>>20)
		}
		return string(b), err
	}
	var doc string
	switch {
	case len(args) == 0 && a.tty:
		return usageErr("no GraphQL document: pass it as an argument, @FILE, or on stdin")
	case len(args) == 0 || args[0] == "-" || args[0] == "@-":
		d, err := readStdin("the document")
		if err != nil {
			return usageErr("cannot read the document from stdin: %v", err)
		}
		doc = d
	case strings.HasPrefix(args[0], "@"):
		d, err := readInputFile(args[0][1:])
		if err != nil {
			return usageErr("cannot read the document: %v", err)
		}
		doc = d
	default:
		doc = args[0]
	}
	if strings.TrimSpace(doc) == "" {
		return usageErr("the GraphQL document is empty")
	}
	vars := map[string]any{}
	for _, kv := range typed {
		key, val, err := splitField("-F", kv)
		if err != nil {
			return err
		}
		v, err := typedValue(val, readStdin)
		if err != nil {
			return usageErr("-F %s: %v", key, err)
		}
		if err := setField(vars, key, v); err != nil {
			return usageErr("-F %s: %v", key, err)
		}
	}
	for _, kv := range raw {
		key, val, err := splitField("-f", kv)
		if err != nil {
			return err
		}
		if err := setField(vars, key, val); err != nil {
			return usageErr("-f %s: %v", key, err)
		}
	}
	s, err := a.openSession(true)
	if err != nil {
		return err
	}
	var opts []bettermode.CallOption
	if opName != "" {
		opts = append(opts, bettermode.OperationName(opName))
	}
	if len(vars) == 0 {
		vars = nil
	}
	resp, err := s.client.Exec(ctx, doc, vars, opts...)
	var data, ext json.RawMessage
	if resp != nil {
		data, ext = resp.Data, resp.Extensions
	}
	if err != nil {
		if f := s.src.failure(); f != nil {
			return f
		}
		ee := apiErr(err)
		if a.jsonOut {
			obj := map[string]any{"data": nullIfEmpty(data), "error": errorObject(err)}
			writeJSON(a.out, obj)
		} else if hasData(data) {
			a.printRaw(data)
		}
		return ee
	}
	if a.jsonOut {
		obj := map[string]any{"data": nullIfEmpty(data)}
		if len(ext) > 0 {
			obj["extensions"] = ext
		}
		writeJSON(a.out, obj)
		return nil
	}
	a.printRaw(data)
	return nil
}

// maxInputBytes bounds a document or variable read from a file or stdin.
const maxInputBytes = 16 << 20

// readInputFile reads a document or variable file of at most maxInputBytes:
// a larger regular file is refused from its size, before it is read, and
// anything else (a device, a FIFO, a file that grows) is read no further
// than the bound.
func readInputFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	tooBig := fmt.Errorf("%s is larger than %d MiB, the most the command reads", path, maxInputBytes>>20)
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > maxInputBytes {
		return "", tooBig
	}
	b, err := io.ReadAll(io.LimitReader(f, maxInputBytes+1))
	if err != nil {
		return "", err
	}
	if len(b) > maxInputBytes {
		return "", tooBig
	}
	return string(b), nil
}

// printRaw prints a JSON value indented.
func (a *app) printRaw(v json.RawMessage) {
	var buf bytes.Buffer
	if err := json.Indent(&buf, v, "", "  "); err != nil {
		a.printf("%s\n", v)
		return
	}
	buf.WriteByte('\n')
	_, _ = a.out.Write(buf.Bytes())
}

func hasData(v json.RawMessage) bool {
	s := strings.TrimSpace(string(v))
	return s != "" && s != "null"
}

func nullIfEmpty(v json.RawMessage) json.RawMessage {
	if len(v) == 0 {
		return json.RawMessage("null")
	}
	return v
}

// errorObject describes an API error for --json output.
func errorObject(err error) map[string]any {
	obj := map[string]any{"message": oneLine(err.Error())}
	var be *bettermode.Error
	if errors.As(err, &be) {
		obj["message"] = be.Message
		if be.Code != "" {
			obj["code"] = be.Code
		}
		obj["operation"] = be.Operation
		if be.Subcode != "" {
			obj["subcode"] = be.Subcode
		}
		if be.Field != "" {
			obj["field"] = be.Field
		}
		if be.StatusCode != 0 {
			obj["status"] = be.StatusCode
		}
		if be.More > 0 {
			obj["more"] = be.More
		}
	}
	return obj
}

func splitField(flag, kv string) (string, string, error) {
	key, val, ok := strings.Cut(kv, "=")
	if !ok || key == "" {
		return "", "", usageErr("%s %q: write key=value", flag, kv)
	}
	return key, val, nil
}

// typedValue converts a -F value as gh api does.
func typedValue(val string, readStdin func(string) (string, error)) (any, error) {
	switch val {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	}
	if strings.HasPrefix(val, "@") {
		if val == "@-" {
			return readStdin("a -F value")
		}
		return readInputFile(val[1:])
	}
	if n, err := strconv.ParseInt(val, 10, 64); err == nil {
		return n, nil
	}
	if f, err := strconv.ParseFloat(val, 64); err == nil && !strings.ContainsAny(val, "xXpP_") &&
		!strings.EqualFold(val, "inf") && !strings.EqualFold(val, "+inf") && !strings.EqualFold(val, "-inf") &&
		!strings.EqualFold(val, "infinity") && !strings.EqualFold(val, "nan") {
		return f, nil
	}
	return val, nil
}

// setField sets key (name, name[sub]..., or name[] to append) in vars.
func setField(vars map[string]any, key string, val any) error {
	name, rest, bracket := strings.Cut(key, "[")
	if name == "" {
		return fmt.Errorf("the key has no name")
	}
	var path []string
	if bracket {
		rest = "[" + rest
		for rest != "" {
			if rest[0] != '[' {
				return fmt.Errorf("write the key as name, name[sub] or name[]")
			}
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return fmt.Errorf("unclosed [ in the key")
			}
			path = append(path, rest[1:end])
			rest = rest[end+1:]
		}
	}
	keys := append([]string{name}, path...)
	cur := vars
	for i, k := range keys {
		last := i == len(keys)-1
		next := ""
		if !last {
			next = keys[i+1]
		}
		switch {
		case k == "":
			return fmt.Errorf("[] may only end the key")
		case last:
			cur[k] = val
		case next == "" && i+1 == len(keys)-1:
			list, _ := cur[k].([]any)
			if _, exists := cur[k]; exists && list == nil {
				return fmt.Errorf("%s is not a list", k)
			}
			cur[k] = append(list, val)
			return nil
		default:
			m, ok := cur[k].(map[string]any)
			if !ok {
				if _, exists := cur[k]; exists {
					return fmt.Errorf("%s is not an object", k)
				}
				m = map[string]any{}
				cur[k] = m
			}
			cur = m
		}
	}
	return nil
}
