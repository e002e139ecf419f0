"""Croissant 1.0 metadata (JSON-LD) for a release folder, so ML tooling can find and read it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

CONTEXT = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}
LICENSE_URLS = {"CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/"}
DATA_TYPES = {
    "string": "sc:Text",
    "int32": "sc:Integer",
    "int64": "sc:Integer",
    "bool": "sc:Boolean",
    "date32[day]": "sc:Date",
}


def _data_type(kind: pa.DataType) -> str:
    """A list is described by its elements' type, with `repeated` on the field."""
    return DATA_TYPES[str(kind.value_type if pa.types.is_list(kind) else kind)]


def _file_object(folder: Path, path: Path) -> dict[str, Any]:
    relative = path.relative_to(folder).as_posix()
    return {
        "@type": "cr:FileObject",
        "@id": relative,
        "name": relative,
        "contentUrl": relative,
        "encodingFormat": "application/x-parquet",
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
    }


def _record_set(folder: Path, path: Path, meanings: dict[str, str]) -> dict[str, Any]:
    relative = path.relative_to(folder).as_posix()
    name = relative.removeprefix("data/").removesuffix(".parquet").replace("/", "_")
    fields = [
        {
            "@type": "cr:Field",
            "@id": f"{name}/{field.name}",
            "name": field.name,
            "description": meanings[field.name],
            "dataType": _data_type(field.type),
            "source": {"fileObject": {"@id": relative}, "extract": {"column": field.name}},
        }
        | ({"repeated": True} if pa.types.is_list(field.type) else {})
        for field in pq.read_schema(path)
    ]
    return {"@type": "cr:RecordSet", "@id": name, "name": name, "field": fields}


def croissant(folder: Path, dataset: dict[str, Any], meanings: dict[str, dict[str, str]]) -> str:
    """The JSON-LD text describing every Parquet file of the release in `folder`."""
    files = sorted(folder.glob("data/**/*.parquet"))
    record_sets = [
        _record_set(folder, path, meanings["articles" if path.name == "articles.parquet" else "statements"])
        for path in files
    ]
    document = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "name": dataset["name"],
        "description": dataset["description"],
        "license": LICENSE_URLS.get(dataset["annotation_license"], dataset["annotation_license"]),
        "url": dataset["homepage"],
        "creator": [{"@type": "sc:Organization", "name": name} for name in dataset["creators"]],
        "citeAs": dataset["citation"],
        "version": dataset["version"],
        "datePublished": str(dataset["released"]),
        "inLanguage": dataset["language"],
        "keywords": ["quotation attribution", "reported speech", "North Korea", "Russia", "claims"],
        "distribution": [_file_object(folder, path) for path in files],
        "recordSet": record_sets,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
