"""The Google API discovery document of this service's Perspective API (commentanalyzer
v1alpha1), so Google's own client works with only its discovery URL changed:

    discovery.build("commentanalyzer", "v1alpha1", developerKey=KEY,
                    discoveryServiceUrl="https://HOST/$discovery/rest?version={apiVersion}")

It describes what `service.routes.perspective` serves: `comments.analyze` and
`comments.suggestscore`, with `rootUrl` the address the client used.
"""

from __future__ import annotations

from typing import Any

VERSION = "v1alpha1"


def _object(schema_id: str, description: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {"id": schema_id, "type": "object", "description": description,
            "properties": properties}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": name}


def _map_of(name: str) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": _ref(name)}


def _strings() -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string"}}


_SCHEMAS: dict[str, Any] = {
    "TextEntry": _object("TextEntry", "The text of a comment.", {
        "text": {"type": "string"}, "type": {"type": "string", "enum": ["TEXT_TYPE_UNSPECIFIED",
                                                                          "PLAIN_TEXT", "HTML"]}}),
    "Context": _object("Context", "Context of the comment (accepted, not used).", {
        "entries": {"type": "array", "items": _ref("TextEntry")},
        "articleAndParentComment": {"type": "object"}}),
    "AttributeParameters": _object("AttributeParameters", "Per-attribute options.", {
        "scoreType": {"type": "string", "enum": ["PROBABILITY"]},
        "scoreThreshold": {"type": "number", "format": "float"}}),
    "Score": _object("Score", "A probability in [0, 1].", {
        "value": {"type": "number", "format": "float"}, "type": {"type": "string"}}),
    "SpanScore": _object("SpanScore", "A score for [begin, end) in UTF-16 code units.", {
        "begin": {"type": "integer", "format": "int32"},
        "end": {"type": "integer", "format": "int32"}, "score": _ref("Score")}),
    "AttributeScores": _object("AttributeScores", "One attribute's scores.", {
        "summaryScore": _ref("Score"),
        "spanScores": {"type": "array", "items": _ref("SpanScore")}}),
    "AnalyzeCommentRequest": _object("AnalyzeCommentRequest", "comments:analyze's body.", {
        "comment": _ref("TextEntry"), "context": _ref("Context"),
        "requestedAttributes": _map_of("AttributeParameters"), "languages": _strings(),
        "doNotStore": {"type": "boolean"}, "clientToken": {"type": "string"},
        "sessionId": {"type": "string"}, "communityId": {"type": "string"},
        "spanAnnotations": {"type": "boolean"},
        "strictLanguages": {"type": "boolean", "description": "Refuse (400) a language the "
                            "model was not evaluated on, instead of scoring it marked "
                            "low-confidence (an extension of this service)."}}),
    "AnalyzeCommentResponse": _object("AnalyzeCommentResponse", "comments:analyze's answer.", {
        "attributeScores": _map_of("AttributeScores"), "languages": _strings(),
        "detectedLanguages": _strings(), "clientToken": {"type": "string"},
        "commentmodConfidence": {"type": "object", "description": "Present when a requested "
                                 "language was not evaluated: the scores are low-confidence."}}),
    "SuggestCommentScoreRequest": _object("SuggestCommentScoreRequest",
                                          "comments:suggestscore's body.", {
        "comment": _ref("TextEntry"), "context": _ref("Context"),
        "attributeScores": _map_of("AttributeScores"), "languages": _strings(),
        "communityId": {"type": "string"}, "clientToken": {"type": "string"}}),
    "SuggestCommentScoreResponse": _object("SuggestCommentScoreResponse",
                                           "comments:suggestscore's answer.", {
        "requestedLanguages": _strings(), "detectedLanguages": _strings(),
        "clientToken": {"type": "string"}}),
}


def _method(name: str, request: str, response: str, description: str) -> dict[str, Any]:
    path = f"{VERSION}/comments:{name}"
    return {"id": f"commentanalyzer.comments.{name}", "path": path, "flatPath": path,
            "httpMethod": "POST", "parameters": {}, "parameterOrder": [],
            "request": _ref(request), "response": _ref(response), "description": description}


def discovery_document(root_url: str) -> dict[str, Any]:
    """The REST description, its `rootUrl` the service's address (ending in `/`)."""
    root = root_url if root_url.endswith("/") else root_url + "/"
    query = {"type": "string", "location": "query"}
    return {
        "kind": "discovery#restDescription", "discoveryVersion": "v1",
        "id": f"commentanalyzer:{VERSION}", "name": "commentanalyzer", "version": VERSION,
        "title": "Perspective Comment Analyzer API (commentmod)", "protocol": "rest",
        "description": "commentmod's drop-in for Google's Perspective API.",
        "rootUrl": root, "servicePath": "", "baseUrl": root, "batchPath": "batch",
        "parameters": {
            "key": {**query, "description": "A commentmod site key."},
            "alt": {**query, "default": "json", "enum": ["json"]},
            "prettyPrint": {"type": "boolean", "location": "query", "default": "true"},
            "fields": {**query}, "quotaUser": {**query},
        },
        "schemas": _SCHEMAS,
        "resources": {"comments": {"methods": {
            "analyze": _method("analyze", "AnalyzeCommentRequest", "AnalyzeCommentResponse",
                               "Scores a comment for the requested attributes."),
            "suggestscore": _method("suggestscore", "SuggestCommentScoreRequest",
                                    "SuggestCommentScoreResponse",
                                    "Records a moderator's scores as a training label."),
        }}},
    }
