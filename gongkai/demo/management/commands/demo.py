from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.demo.disclosure import load_demo_catalogue
from gongkai.demo.district import (
    DEMO_PASSWORD,
    ROLE_USERNAMES,
    demo_exists,
    demo_logins,
    load_demo_district,
)
from gongkai.demo.requests import load_demo_applications


class Command(BaseCommand):
    help = "载入演示区县（中卫市沙坡头区，16个部门、11个乡镇）并打印演示账号。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="清空数据库并重建演示数据（生产环境禁止）"
        )

    def handle(self, *args: Any, reset: bool = False, **options: Any) -> None:
        if reset:
            if settings.IS_PRODUCTION:
                raise CommandError(
                    "生产环境（GONGKAI_ENV=production）不能重建演示数据", returncode=2
                )
            call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", interactive=False, verbosity=0)
        if demo_exists():
            self.stdout.write("演示数据已存在（用 gongkai demo --reset 重建）。")
        else:
            root = load_demo_district()
            summary = load_demo_catalogue(root)
            requests = load_demo_applications(root)
            self.stdout.write(
                self.style.SUCCESS("已载入演示区县：中卫市沙坡头区人民政府及其16个部门、11个乡镇。")
            )
            self.stdout.write(
                f"政府信息公开：指南 {summary.guides} 份、栏目 {summary.columns} 个、"
                f"2018年主动公开信息 {summary.documents_2018} 条、"
                f"办理中和近期信息 {summary.current_documents} 条。"
            )
            years = "、".join(f"{y}年 {n} 件" for y, n in requests["applications"].items())
            self.stdout.write(
                f"依申请公开：申请 {years}，当前办理中 {requests['open_now']} 件，"
                f"行政复议和行政诉讼 {requests['disputes']} 件，"
                f"举报投诉 {requests['complaints']} 件。"
            )
        self._print_logins()

    def _print_logins(self) -> None:
        site = settings.SITE_URL
        out = self.stdout.write
        out("")
        out(f"公开门户  {site}/")
        out(f"工作台    {site}/workbench/   （登录：{site}/accounts/login/）")
        out(f"接口文档  {site}/api/docs")
        out(f"参考数据  {site}/admin/       （admin / {DEMO_PASSWORD}）")
        out("")
        out(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for login in demo_logins():
            out(f"  {login.username:<22} {login.role:<8} {login.agency}")
        out(
            "  其他机构的账号同理：<机构标识>-<"
            + "|".join(ROLE_USERNAMES.values())
            + ">，如 spt-wenchang-handler、spt-mzj-reviewer。"
        )
