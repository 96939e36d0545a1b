/// JSON Schemas (draft 2020-12) for the open data's JSON files, published in `data/schema/`.
extension OpenData {
    public static let schemas: [(path: String, text: String)] = [
        ("data/schema/entities.schema.json", entitiesSchema), ("data/schema/articles.schema.json", articlesSchema),
    ]

    static let entitiesSchema = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "entities.schema.json",
          "title": "Dossier entities",
          "description": "Every entity of the briefing (data/entities.json). An entity is written <singular>:<id>, as annotations write it.",
          "type": "array",
          "items": {
            "type": "object",
            "required": ["entity", "kind", "id", "name", "names", "aliases", "relations", "start", "end", "declared_status", "status", "url", "mentions"],
            "additionalProperties": false,
            "properties": {
              "entity": {"type": "string", "pattern": "^[a-z][a-z0-9-]*:[a-z0-9][a-z0-9-]*$"},
              "kind": {"type": "string", "description": "The kind's folder, as in site.yml (institutions)."},
              "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
              "name": {"type": "string", "minLength": 1},
              "names": {"type": "object", "description": "The name in other languages, by BCP 47 tag.", "additionalProperties": {"type": "string"}},
              "aliases": {"type": "array", "items": {"type": "string"}},
              "relations": {
                "type": "array",
                "description": "Typed relations, both ways, as the entity's page lists them.",
                "items": {
                  "type": "object",
                  "required": ["relation", "entity"],
                  "additionalProperties": false,
                  "properties": {
                    "relation": {"enum": ["parent", "children", "responsible", "responsible_for", "superseded_by", "supersedes", "related"]},
                    "entity": {"type": "string"}
                  }
                }
              },
              "start": {"$ref": "#/$defs/date"},
              "end": {"$ref": "#/$defs/date"},
              "declared_status": {
                "description": "The status the entity's file gives (status:), or null.",
                "enum": [null, "planned", "active", "completed", "superseded"]
              },
              "status": {
                "description": "For a target figure, its status on the build's date (as_of); for any other entity, the status its file gives.",
                "enum": [null, "planned", "active", "completed", "superseded", "met", "met-late", "overdue", "on-track", "behind", "reported", "no-data"]
              },
              "url": {"type": "string", "format": "uri"},
              "mentions": {"type": "integer", "minimum": 0, "description": "How many articles mention it (a figure's value reported counts)."},
              "metric": {"type": ["string", "null"]},
              "unit": {"type": ["string", "null"]},
              "target": {"type": ["number", "null"]},
              "baseline": {
                "oneOf": [
                  {"type": "null"},
                  {"type": "object", "required": ["value", "date"], "additionalProperties": false,
                   "properties": {"value": {"type": "number"}, "date": {"$ref": "#/$defs/date"}}}
                ]
              },
              "deadline": {"$ref": "#/$defs/date"},
              "direction": {"enum": ["increase", "decrease"]},
              "stale": {"type": ["boolean", "null"]},
              "progress": {"type": ["integer", "null"], "minimum": 0, "maximum": 100},
              "as_of": {"$ref": "#/$defs/date"},
              "observations": {
                "type": "array",
                "items": {
                  "type": "object",
                  "required": ["date", "value", "article"],
                  "additionalProperties": false,
                  "properties": {"date": {"$ref": "#/$defs/date"}, "value": {"type": "number"}, "article": {"type": "string"}}
                }
              }
            },
            "if": {"properties": {"kind": {"const": "figures"}}},
            "then": {"required": ["metric", "unit", "target", "baseline", "deadline", "direction", "stale", "progress", "as_of", "observations"]}
          },
          "$defs": {
            "date": {
              "description": "An ISO 8601 date, or a date and time with its offset; null when not given.",
              "type": ["string", "null"],
              "pattern": "^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2})?(Z|[+-]\\d{2}:\\d{2})?)?$"
            }
          }
        }

        """#

    static let articlesSchema = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "articles.schema.json",
          "title": "Dossier articles",
          "description": "Every published article of the briefing (data/articles.json), newest first.",
          "type": "array",
          "items": {
            "type": "object",
            "required": ["slug", "title", "date", "updated", "author", "source", "source_url", "summary", "url", "entities"],
            "additionalProperties": false,
            "properties": {
              "slug": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
              "title": {"type": "string", "minLength": 1},
              "date": {"$ref": "#/$defs/date"},
              "updated": {"oneOf": [{"type": "null"}, {"$ref": "#/$defs/date"}]},
              "author": {"type": ["string", "null"]},
              "source": {"type": ["string", "null"]},
              "source_url": {"type": ["string", "null"]},
              "summary": {"type": "string"},
              "url": {"type": "string", "format": "uri"},
              "entities": {
                "type": "array",
                "description": "The entities it mentions, each once, in the order they first appear; then the figures it reports a value of.",
                "items": {"type": "string", "pattern": "^[a-z][a-z0-9-]*:[a-z0-9][a-z0-9-]*$"},
                "uniqueItems": true
              }
            }
          },
          "$defs": {
            "date": {
              "description": "An ISO 8601 date, or a date and time with its offset.",
              "type": "string",
              "pattern": "^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2})?(Z|[+-]\\d{2}:\\d{2})?)?$"
            }
          }
        }

        """#
}
