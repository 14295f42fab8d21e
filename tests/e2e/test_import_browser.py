"""The import page in a real browser: a .zip of exports uploaded through Streamlit's own uploader is
imported member by member, each reported under the archive's name, on a server with its own copy of the
demo database (an import ends the demo's one-click sign-in, which the other browser tests use)."""

from __future__ import annotations

import io
import zipfile

from grassroots import ROOT, config, db
from tests.e2e.conftest import open_signed_in, screenshot, serve, wait_for_app

SAMPLES = ROOT / "data" / "samples"
MAIN = '[data-testid="stMain"]'


class _GbkName(zipfile.ZipInfo):
    """A member name stored in GBK without the UTF-8 flag, as Windows' own zip tool stores it."""

    def _encodeFilenameFlags(self):  # noqa: N802 - zipfile's own hook
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def test_a_zip_uploaded_on_the_import_page_is_imported_member_by_member(browser, tmp_path):
    from tests.demo_cache import demo_copy

    path = demo_copy(tmp_path / "demo.duckdb")
    archive = tmp_path / "11月导出.zip"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr(_GbkName("导出/诉求工单.csv"), (SAMPLES / "诉求工单.csv").read_bytes())
        z.writestr("导出/诉求工单_有错误.csv", (SAMPLES / "诉求工单_有错误.csv").read_bytes())
        z.writestr("导出/说明.md", "# 不是导出文件")
    archive.write_bytes(buf.getvalue())
    with db.reader(path) as con:
        before = con.execute("select count(*) from import_log").fetchone()[0]

    with serve(path) as url:
        ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
        try:
            pg = ctx.new_page()
            main = open_signed_in(pg, url, "import", button="以管理员身份进入")
            main.get_by_text("还没有导入过文件。").wait_for(timeout=60000)  # the demo data is not imported
            # Streamlit's own English words ("Upload", "1GB per file • ...") give way to the interface's
            shown = pg.locator('.st-key-import_files [data-testid="stFileUploader"]').evaluate(
                """e => [...e.querySelectorAll('[data-testid=stBaseButton-secondary] p,'
                        + ' [data-testid=stFileUploaderDropzoneInstructions] span')]
                       .map(x => [x.getBoundingClientRect().width > 0, getComputedStyle(x).fontSize,
                                  getComputedStyle(x, '::after').content])"""
            )
            mb = config.app().import_max_mb
            assert [(font, after) for _, font, after in shown] == [
                ("0px", '"上传文件"'),
                ("0px", f'"每个文件不超过 {mb} MB · CSV、TSV、TXT、XLSX、XLS、PARQUET、JSON、GEOJSON、ZIP"'),
            ]
            assert all(visible for visible, _, _ in shown)
            pg.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(archive))
            pg.get_by_text("11月导出.zip").first.wait_for(timeout=60000)
            wait_for_app(pg, role=None)
            main.get_by_role("button", name="开始导入").click()
            main.get_by_text("11月导出.zip/诉求工单_有错误.csv").first.wait_for(timeout=120000)
            wait_for_app(pg, role=None)
            text = pg.inner_text(MAIN)
            assert "已导入 1 个文件，退回 1 个" in text, text[:2000]
            assert "✔ 11月导出.zip/诉求工单.csv" in text and "✘ 11月导出.zip/诉求工单_有错误.csv" in text
            assert "说明.md" not in text and "还没有导入过文件" not in text
            screenshot(pg, "import_zip")
        finally:
            ctx.close()
    with db.reader(path) as con:
        logged = con.execute(
            "select file_name, rows_loaded from import_log order by imported_at desc limit 1"
        ).fetchall()
        assert con.execute("select count(*) from import_log").fetchone()[0] == before + 1
    assert logged[0][0] == "11月导出.zip/诉求工单.csv" and logged[0][1] > 0
