package bettermodetest

import (
	"fmt"
	"hash/fnv"
	"strings"
	"time"
)

// Mock values: what a field without a handler, a value from its parent or
// seeded data answers, in the manner of @graphql-tools/mock. They depend
// only on the field's type, name and path, so the same query always gets
// the same answer.
const (
	// MockInt is the value of an Int field (but totalCount, which counts
	// the MockListLength items of a mocked list).
	MockInt = 42
	// MockFloat is the value of a Float field.
	MockFloat = 4.2
	// MockListLength is the length of a mocked list.
	MockListLength = 2
)

// mocked marks a value the server has to mock.
type mockedValue struct{}

var mocked any = mockedValue{}

// mockLeaf is the mock value of a leaf field of the scalar type typ named
// field, of an object of type parent at path.
//
//   - String and unknown scalars: "mock-" + the field's name;
//   - Int: MockInt, but totalCount: MockListLength;
//   - Float: MockFloat;
//   - Boolean: true, but hasNextPage and hasPreviousPage: false (so paging
//     ends);
//   - ID: "mock-" + the parent type, in lower case, + "-" + 8 hex digits of
//     a hash of the path, such as "mock-post-1a2b3c4d";
//   - DateTime: 2024-01-02T03:04:05Z, the creation time of every
//     preloaded object.
func mockLeaf(typ, field, parent string, path []any) any {
	switch typ {
	case "Int":
		if field == "totalCount" {
			return MockListLength
		}
		return MockInt
	case "Float":
		return MockFloat
	case "Boolean":
		return field != "hasNextPage" && field != "hasPreviousPage"
	case "ID":
		return mockID(parent, path)
	case "DateTime":
		return createdAt.Format(time.RFC3339)
	}
	return "mock-" + field
}

// mockID is the mock ID at path of an object of type parent.
func mockID(parent string, path []any) string {
	h := fnv.New32a()
	for i, p := range path {
		if i > 0 {
			h.Write([]byte{'.'})
		}
		fmt.Fprint(h, p)
	}
	return fmt.Sprintf("mock-%s-%08x", strings.ToLower(parent), h.Sum32())
}
