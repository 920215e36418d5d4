"""Serving the open-data dump: /api/opendata/ (what is there) and /api/opendata/latest.zip (the file)."""

from __future__ import annotations

import hashlib
import os
from datetime import datetime

from django.http import FileResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import AUTHENTICATION

from .dump import latest_path

MISSING = "开放数据包尚未生成，请稍后再试（每晚自动生成）。"


class OpenDataIndexView(APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]

    @extend_schema(
        summary="开放数据包信息",
        tags=["opendata"],
        responses=inline_serializer(
            "OpenDataIndex",
            {
                "url": serializers.URLField(),
                "size": serializers.IntegerField(),
                "generated_at": serializers.DateTimeField(),
                "sha256": serializers.CharField(),
            },
        ),
    )
    def get(self, request):
        path = latest_path()
        if not path.is_file():
            raise NotFound(MISSING)
        stat = path.stat()
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return Response(
            {
                "url": request.build_absolute_uri(reverse("opendata-latest")),
                "size": stat.st_size,
                "generated_at": datetime.fromtimestamp(
                    stat.st_mtime, tz=timezone.get_current_timezone()
                ).isoformat(timespec="seconds"),
                "sha256": digest.hexdigest(),
            }
        )


class OpenDataLatestView(APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]

    @extend_schema(
        summary="下载开放数据包（zip：CSV、JSON 与字段说明）",
        tags=["opendata"],
        responses={(200, "application/zip"): OpenApiTypes.BINARY, 404: OpenApiResponse(description=MISSING)},
    )
    def get(self, request):
        path = latest_path()
        try:
            handle = path.open("rb")  # opened before any rename: a dump running now never cuts this download
        except FileNotFoundError as exc:
            raise NotFound(MISSING) from exc
        response = FileResponse(
            handle, as_attachment=True, filename="opendata-latest.zip", content_type="application/zip"
        )
        response["Last-Modified"] = http_date(os.fstat(handle.fileno()).st_mtime)
        response["Cache-Control"] = "public, max-age=3600"
        return response
