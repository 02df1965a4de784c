package content

import (
	"fmt"
	"strings"
)

// PluralizedList is Utils.pluralized_array_from_hash.
func PluralizedList(data map[string]any, singular, plural string) []string {
	var out []string
	if v, ok := data[plural]; ok && v != nil {
		switch v := v.(type) {
		case string:
			return strings.Fields(v)
		case []any:
			for _, e := range v {
				if e != nil {
					out = append(out, fmt.Sprint(e))
				}
			}
			return out
		case []string:
			return append(out, v...)
		}
	}
	if v, ok := data[singular]; ok && v != nil {
		out = append(out, fmt.Sprint(v))
	}
	return out
}

// CategoriesFromPath is Document#categories_from_path.
func CategoriesFromPath(relPath, specialDir string) []string {
	if strings.HasPrefix(relPath, specialDir) {
		return nil
	}
	i := strings.Index(relPath, specialDir)
	if i < 0 {
		return nil
	}
	var out []string
	for _, c := range strings.Split(relPath[:i], "/") {
		if c != "" && c != specialDir {
			out = append(out, c)
		}
	}
	return out
}
