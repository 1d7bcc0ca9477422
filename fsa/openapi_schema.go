package fsa

import (
	"encoding"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
)

// This file turns Go types and their validate tags into the OpenAPI
// document's JSON schemas (see openapi.go).

// iterItem is the item type of a result that render streams as a JSON
// array (an iter.Seq[T], an iter.Seq2[T, error], a receive channel of
// T), or nil.
func iterItem(t reflect.Type) reflect.Type {
	switch t.Kind() {
	case reflect.Chan:
		if t.ChanDir()&reflect.RecvDir != 0 {
			return t.Elem()
		}
	case reflect.Func:
		if t.NumIn() != 1 || t.NumOut() != 0 {
			return nil
		}
		y := t.In(0)
		if y.Kind() != reflect.Func || y.NumOut() != 1 || y.Out(0).Kind() != reflect.Bool {
			return nil
		}
		switch {
		case y.NumIn() == 1:
			return y.In(0)
		case y.NumIn() == 2 && y.In(1) == reflect.TypeFor[error]():
			return y.In(0)
		}
	}
	return nil
}

// jsonTextParam tells whether a parameter of type t is sent as JSON text: a
// struct, a map or an any, unless the type reads its own text.
func jsonTextParam(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Struct, reflect.Map, reflect.Interface:
		return t != typeTime && !reflect.PointerTo(t).Implements(typeUnmarshal)
	}
	return false
}

// jsonValue is a default value as JSON gives it.
func jsonValue(v reflect.Value) any {
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return nil
	}
	var out any
	if json.Unmarshal(b, &out) != nil {
		return nil
	}
	return out
}

// schemaGen makes the JSON schemas of Go types as encoding/json encodes
// them, named struct types in the components. Inputs are read otherwise:
// a time.Time from a date or a time of several forms (timeLayouts), not
// only RFC 3339; a struct with its validate tags, its pointer members
// optional, unknown members refused. A struct has a component of each
// kind it is used as, the input's named with "Input".
type schemaGen struct {
	comps openapi3.Schemas
	names map[nameKey]string
	input bool
}

// nameKey is a component's type, and whether it is the input's kind.
type nameKey struct {
	t     reflect.Type
	input bool
}

// inputs returns the generator of input schemas, which shares g's
// components.
func (g *schemaGen) inputs() *schemaGen {
	return &schemaGen{comps: g.comps, names: g.names, input: true}
}

// inputTimePattern is the pattern of timeLayouts, with the spaces that
// setTime trims.
const inputTimePattern = `^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?)?\s*$`

var (
	typeJSONMarshaler   = reflect.TypeFor[json.Marshaler]()
	typeTextMarshaler   = reflect.TypeFor[encoding.TextMarshaler]()
	componentNameUnsafe = regexp.MustCompile(`[^A-Za-z0-9._-]+`)
)

// schema describes t.
func (g *schemaGen) schema(t reflect.Type) (*openapi3.SchemaRef, error) {
	return g.schemaOf(t, "", map[reflect.Type]bool{})
}

// errUndescribable names the field whose type OpenAPI cannot describe.
type errUndescribable struct {
	path string
	t    reflect.Type
}

func (e *errUndescribable) Error() string {
	if e.path == "" {
		return fmt.Sprintf("type %s cannot be described in OpenAPI (nor encoded as JSON)", e.t)
	}
	return fmt.Sprintf("field %s of type %s cannot be described in OpenAPI (nor encoded as JSON)", e.path, e.t)
}

func (g *schemaGen) schemaOf(t reflect.Type, path string, busy map[reflect.Type]bool) (*openapi3.SchemaRef, error) {
	inline := func(s *openapi3.Schema) (*openapi3.SchemaRef, error) { return openapi3.NewSchemaRef("", s), nil }
	switch {
	case t == typeTime && g.input:
		s := openapi3.NewStringSchema()
		s.Pattern = inputTimePattern
		s.Description = "a date (2006-01-02) or a time (RFC 3339; without a zone, UTC)"
		return inline(s)
	case t == typeTime:
		return inline(openapi3.NewDateTimeSchema())
	case t == typeRawJSON:
		return inline(openapi3.NewSchema())
	case t.Implements(typeJSONMarshaler) || reflect.PointerTo(t).Implements(typeJSONMarshaler):
		s := openapi3.NewSchema()
		s.Description = "encoded by " + typeString(t) + "'s MarshalJSON"
		return inline(s)
	case t.Implements(typeTextMarshaler) || reflect.PointerTo(t).Implements(typeTextMarshaler):
		return inline(openapi3.NewStringSchema())
	}

	switch t.Kind() {
	case reflect.Bool:
		return inline(openapi3.NewBoolSchema())
	case reflect.Int, reflect.Int64:
		return inline(openapi3.NewInt64Schema())
	case reflect.Int8, reflect.Int16, reflect.Int32:
		s := openapi3.NewInt32Schema()
		bits := t.Bits()
		s.Min, s.Max = ptr(-float64(int64(1)<<(bits-1))), ptr(float64(int64(1)<<(bits-1)-1))
		if bits == 32 {
			s.Min, s.Max = nil, nil // the format says it
		}
		return inline(s)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		s := openapi3.NewIntegerSchema()
		s.Min = ptr(0.0)
		if bits := t.Bits(); bits < 64 {
			s.Max = ptr(float64(uint64(1)<<bits - 1))
		}
		return inline(s)
	case reflect.Float32, reflect.Float64:
		s := openapi3.NewFloat64Schema()
		if t.Kind() == reflect.Float32 {
			s.Format = "float"
		}
		return inline(s)
	case reflect.String:
		return inline(openapi3.NewStringSchema())
	case reflect.Complex64, reflect.Complex128: // a parameter's text, or a JSON converter's
		s := openapi3.NewStringSchema()
		s.Description = "a complex number"
		return inline(s)
	case reflect.Interface:
		return inline(openapi3.NewSchema())
	case reflect.Pointer:
		s, err := g.schemaOf(t.Elem(), path, busy)
		if err != nil {
			return nil, err
		}
		return nullable(s), nil
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 && t.Kind() == reflect.Slice {
			s := openapi3.NewStringSchema()
			s.ContentEncoding = "base64"
			return nullable(openapi3.NewSchemaRef("", s)), nil
		}
		items, err := g.schemaOf(t.Elem(), path+"[]", busy)
		if err != nil {
			return nil, err
		}
		s := openapi3.NewArraySchema()
		s.Items = items
		if t.Kind() == reflect.Array {
			s.MinItems, s.MaxItems = uint64(t.Len()), ptr(uint64(t.Len()))
			return inline(s)
		}
		return nullable(openapi3.NewSchemaRef("", s)), nil
	case reflect.Map:
		switch k := t.Key(); {
		case k.Kind() == reflect.String, k.Kind() >= reflect.Int && k.Kind() <= reflect.Uintptr,
			k.Implements(typeTextMarshaler):
		default:
			return nil, &errUndescribable{path, t}
		}
		values, err := g.schemaOf(t.Elem(), path+"[]", busy)
		if err != nil {
			return nil, err
		}
		s := openapi3.NewObjectSchema()
		s.AdditionalProperties = openapi3.AdditionalProperties{Schema: values}
		return nullable(openapi3.NewSchemaRef("", s)), nil
	case reflect.Struct:
		return g.structSchema(t, path, busy)
	}
	return nil, &errUndescribable{path, t}
}

// nullable lets a schema be null too, as a nil pointer, slice or map is.
func nullable(s *openapi3.SchemaRef) *openapi3.SchemaRef {
	if s.Ref != "" || s.Value.Type == nil {
		if s.Ref == "" { // any value already
			return s
		}
		return openapi3.NewSchemaRef("", &openapi3.Schema{AnyOf: openapi3.SchemaRefs{s,
			openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{"null"}})}})
	}
	if !s.Value.Type.Includes("null") {
		s.Value.Type = &openapi3.Types{s.Value.Type.Slice()[0], "null"}
	}
	return s
}

// structSchema describes a struct as encoding/json encodes it: named
// structs go in the components, and are referred to.
func (g *schemaGen) structSchema(t reflect.Type, path string, busy map[reflect.Type]bool) (*openapi3.SchemaRef, error) {
	name := ""
	key := nameKey{t, g.input}
	if t.Name() != "" {
		if n, ok := g.names[key]; ok {
			return openapi3.NewSchemaRef("#/components/schemas/"+n, nil), nil
		}
		base := componentNameUnsafe.ReplaceAllString(typeString(t), "_")
		if key.input {
			base += "Input"
		}
		name = base
		for i := 2; slices.Contains(slices.Collect(maps.Values(g.names)), name); i++ {
			name = base + strconv.Itoa(i)
		}
		g.names[key] = name // before the fields: a recursive type refers to itself
	}
	s := openapi3.NewObjectSchema()
	s.Properties = openapi3.Schemas{}
	if g.input { // decoded with unknown members refused
		s.AdditionalProperties = openapi3.AdditionalProperties{Has: ptr(false)}
	}
	if err := g.fields(t, s, path, busy); err != nil {
		if name != "" {
			delete(g.names, key)
		}
		return nil, err
	}
	if name == "" {
		return openapi3.NewSchemaRef("", s), nil
	}
	g.comps[name] = openapi3.NewSchemaRef("", s)
	return openapi3.NewSchemaRef("#/components/schemas/"+name, nil), nil
}

// fields adds a struct's JSON members to s, embedded structs' included.
func (g *schemaGen) fields(t reflect.Type, s *openapi3.Schema, path string, busy map[reflect.Type]bool) error {
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		ft := sf.Type
		if sf.Anonymous && name == "" {
			et := ft
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				if busy[et] {
					continue
				}
				busy[et] = true
				err := g.fields(et, s, path, busy)
				delete(busy, et)
				if err != nil {
					return err
				}
				continue
			}
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		fpath := sf.Name
		if path != "" {
			fpath = path + "." + sf.Name
		} else if t.Name() != "" {
			fpath = t.Name() + "." + sf.Name
		}
		var fs *openapi3.SchemaRef
		var err error
		if slices.Contains(strings.Split(opts, ","), "string") && ft.Kind() != reflect.Struct {
			fs = openapi3.NewSchemaRef("", openapi3.NewStringSchema())
		} else if fs, err = g.schemaOf(ft, fpath, busy); err != nil {
			return err
		}
		omitted := slices.ContainsFunc(strings.Split(opts, ","), func(o string) bool { return o == "omitempty" || o == "omitzero" })
		if g.input { // validated; required unless a pointer or omitted when empty (structOf)
			fs = constrain(fs, sf.Tag.Get("validate"), ft)
			omitted = omitted || ft.Kind() == reflect.Pointer
		}
		if !omitted {
			s.Required = append(s.Required, name)
		}
		s.Properties[name] = fs
	}
	return nil
}

// constrain adds a validate tag's rules to a parameter's schema, as far
// as JSON Schema has them: the others are described, never dropped.
func constrain(s *openapi3.SchemaRef, tag string, t reflect.Type) *openapi3.SchemaRef {
	if tag == "" {
		return s
	}
	if s.Ref != "" { // keep the component: constrain a copy that refers to it
		s = openapi3.NewSchemaRef("", &openapi3.Schema{AllOf: openapi3.SchemaRefs{s}})
	}
	v := s.Value
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var kind string
	switch k := t.Kind(); {
	case k == reflect.String:
		kind = "string"
	case k >= reflect.Int && k <= reflect.Float64:
		kind = "number"
	case k == reflect.Slice || k == reflect.Array:
		kind = "array"
	case k == reflect.Map:
		kind = "object"
	}
	var described []string
	rules := strings.Split(tag, ",")
	for i, rule := range rules {
		name, arg, _ := strings.Cut(rule, "=")
		num, numErr := strconv.ParseFloat(arg, 64)
		count, countErr := strconv.ParseUint(arg, 10, 64)
		handled := true
		switch {
		case name == "omitempty" || name == "required" && kind != "string":
			// required: the parameter is; omitempty: only when present
		case name == "required":
			v.MinLength = max(v.MinLength, 1)
		case name == "dive":
			described = append(described, strings.Join(rules[i:], ","))
			v.Description = joinDesc(v.Description, "validate: "+strings.Join(described, ","))
			return s
		case (name == "min" || name == "gte") && kind == "number" && numErr == nil:
			v.Min = ptr(num)
		case (name == "max" || name == "lte") && kind == "number" && numErr == nil:
			v.Max = ptr(num)
		case name == "gt" && kind == "number" && numErr == nil:
			v.ExclusiveMin = openapi3.ExclusiveBound{Value: ptr(num)}
		case name == "lt" && kind == "number" && numErr == nil:
			v.ExclusiveMax = openapi3.ExclusiveBound{Value: ptr(num)}
		case name == "len" && kind == "number" && numErr == nil:
			v.Min, v.Max = ptr(num), ptr(num)
		case countErr == nil && kind == "string" && slices.Contains([]string{"min", "gte", "max", "lte", "len", "gt", "lt"}, name):
			lo, hi := lengthBounds(name, count)
			if lo != nil {
				v.MinLength = *lo
			}
			if hi != nil {
				v.MaxLength = hi
			}
		case countErr == nil && kind == "array" && slices.Contains([]string{"min", "gte", "max", "lte", "len", "gt", "lt"}, name):
			lo, hi := lengthBounds(name, count)
			if lo != nil {
				v.MinItems = *lo
			}
			if hi != nil {
				v.MaxItems = hi
			}
		case countErr == nil && kind == "object" && slices.Contains([]string{"min", "gte", "max", "lte", "len", "gt", "lt"}, name):
			lo, hi := lengthBounds(name, count)
			if lo != nil {
				v.MinProps = *lo
			}
			if hi != nil {
				v.MaxProps = hi
			}
		case name == "oneof" && (kind == "string" || kind == "number"):
			for _, w := range oneofWords(arg) {
				if kind == "number" {
					n, err := strconv.ParseFloat(w, 64)
					if err != nil {
						handled = false
						break
					}
					v.Enum = append(v.Enum, n)
				} else {
					v.Enum = append(v.Enum, w)
				}
			}
		case name == "email" && kind == "string":
			v.Format = "email"
		case (name == "uuid" || name == "uuid4" || name == "uuid_rfc4122" || name == "uuid4_rfc4122") && kind == "string":
			v.Format = "uuid"
		case (name == "url" || name == "uri" || name == "http_url") && kind == "string":
			v.Format = "uri"
		case name == "datetime" && kind == "string" && (arg == time.RFC3339 || arg == time.RFC3339Nano):
			v.Format = "date-time"
		case name == "datetime" && kind == "string" && arg == time.DateOnly:
			v.Format = "date"
		case name == "datetime" && kind == "string" && arg == time.TimeOnly:
			v.Format = "time"
		case name == "ipv4" && kind == "string":
			v.Format = "ipv4"
		case name == "ipv6" && kind == "string":
			v.Format = "ipv6"
		case name == "hostname_rfc1123" && kind == "string":
			v.Format = "hostname"
		case kind == "string" && v.Pattern == "" && rulePattern(name, arg) != "":
			v.Pattern = rulePattern(name, arg)
		default:
			handled = false
		}
		if !handled {
			described = append(described, rule)
		}
	}
	if len(described) > 0 {
		v.Description = joinDesc(v.Description, "validate: "+strings.Join(described, ","))
	}
	return s
}

// rulePattern is the pattern (a regular expression that ECMA-262, as
// JSON Schema asks, and Go read alike) of a string rule, "" for none.
func rulePattern(name, arg string) string {
	class := func(chars string) string { // a class of the runes of chars
		var b strings.Builder
		for _, c := range chars {
			if strings.ContainsRune(`\]^-[`, c) {
				b.WriteByte('\\')
			}
			b.WriteRune(c)
		}
		return b.String()
	}
	switch name {
	case "alpha":
		return "^[a-zA-Z]+$"
	case "alphanum":
		return "^[a-zA-Z0-9]+$"
	case "numeric":
		return `^[-+]?[0-9]+(?:\.[0-9]+)?$`
	case "excludesall":
		if arg != "" {
			return "^[^" + class(arg) + "]*$"
		}
	case "excludes", "excludesrune":
		if utf8.RuneCountInString(arg) == 1 { // longer: Go has no lookahead
			return "^[^" + class(arg) + "]*$"
		}
	case "contains":
		if arg != "" {
			return regexp.QuoteMeta(arg)
		}
	case "startswith":
		if arg != "" {
			return "^" + regexp.QuoteMeta(arg)
		}
	case "endswith":
		if arg != "" {
			return regexp.QuoteMeta(arg) + "$"
		}
	}
	return ""
}

// lengthBounds are the length bounds of a min, max, len, gt, gte, lt or
// lte rule on a string, slice or map.
func lengthBounds(name string, n uint64) (lo, hi *uint64) {
	switch name {
	case "min", "gte":
		return ptr(n), nil
	case "gt":
		return ptr(n + 1), nil
	case "max", "lte":
		return nil, ptr(n)
	case "lt":
		if n == 0 {
			return nil, ptr(uint64(0))
		}
		return nil, ptr(n - 1)
	}
	return ptr(n), ptr(n) // len
}

// oneofWords splits oneof's argument as the validator does: spaces
// separate, single quotes group.
func oneofWords(arg string) []string {
	var words []string
	for _, m := range regexp.MustCompile(`'[^']*'|\S+`).FindAllString(arg, -1) {
		words = append(words, strings.Trim(m, "'"))
	}
	return words
}

func joinDesc(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}
