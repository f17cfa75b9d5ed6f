"""Fill the Simplified Chinese translations into a .ts file (run by scripts/i18n/update_translations.sh).

Usage: python scripts/i18n/translations_zh_CN.py aigc_studio/resources/translations/aigc_studio_zh_CN.ts [--check]

Translations are keyed by source text; (context, source) keys override one context. A string with no entry is
left "unfinished" and listed on stderr; with --check the script exits 1 if any is missing.
"""
from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

ZH: dict[str, str] = {
    # --- common ------------------------------------------------------------------------------------------
    "AIGC Studio": "AIGC Studio",
    "Image": "图像",
    "Text": "文本",
    "Audio": "音频",
    "Sound": "声音",
    "Jobs": "任务",
    "Assets": "素材",
    "Model": "模型",
    "Prompt": "提示词",
    "Generate": "生成",
    "Stop": "停止",
    "Regenerate": "重新生成",
    "Continue": "续写",
    "Save": "保存",
    "Cancel": "取消",
    "Stopping…": "正在停止…",
    "Saved %1": "已保存 %1",
    "Device: %1": "设备：%1",
    "no result within %1 s": "%1 秒内没有得到结果",
    "All checks passed.": "所有检查均已通过。",
    "The language changes after the studio is restarted.": "重启工作室后语言才会更改。",
    "Diagnostics": "诊断",

    # --- main window -------------------------------------------------------------------------------------
    "Starting engine…": "正在启动引擎…",
    "&File": "文件(&F)",
    "&Save": "保存(&S)",
    "Save the current result with its settings": "保存当前结果及其生成设置",
    "&Open asset…": "打开素材(&O)…",
    "Open a saved asset to reuse its settings, or a text file": "打开已保存的素材以复用其设置，或打开一个文本文件",
    "&Reveal output folder": "打开输出文件夹(&R)",
    "Show the output folder in the file manager": "在文件管理器中显示输出文件夹",
    "Se&ttings…": "设置(&T)…",
    "&Quit": "退出(&Q)",
    "&Generate": "生成(&G)",
    "Start a job with the current settings": "用当前设置开始一个任务",
    "&Stop": "停止(&S)",
    "Stop the running job; what was made so far is kept": "停止正在运行的任务；已生成的内容会保留",
    "&Regenerate": "重新生成(&R)",
    "Run again with a new seed": "换一个随机种子再运行一次",
    "&Continue": "续写(&C)",
    "Continue writing from the end of the text": "从文本末尾接着写下去",
    "&View": "视图(&V)",
    "&Jobs": "任务(&J)",
    "&Assets": "素材(&A)",
    "&Help": "帮助(&H)",
    "&Diagnostics…": "诊断(&D)…",
    "Check that generation, saving and the window work": "检查生成、保存和窗口是否正常工作",
    "&About AIGC Studio": "关于 AIGC Studio(&A)",
    "Jobs run on: %1": "任务运行于：%1",
    "A job failed: %1": "任务失败：%1",
    "Nothing to do here yet.": "这里暂时还没有可做的操作。",
    "This asset was made by a kind of job this version cannot open (%1).":
        "这个素材由本版本无法打开的任务类型生成（%1）。",
    "A job is running in that panel: stop it or wait for it, then try again.":
        "该面板中有任务正在运行：请先停止或等待它完成，然后再试。",
    "Settings restored: press Generate to make it again.": "设置已恢复：按“生成”即可再次生成。",
    "%1 is not a file.": "%1 不是一个文件。",
    "%1 could not be opened: %2": "无法打开 %1：%2",
    "%1 is not UTF-8 text, so the studio cannot open it. Save it as UTF-8 in a text editor and try again.":
        "%1 不是 UTF-8 编码的文本，工作室无法打开它。请在文本编辑器中将其另存为 UTF-8 后再试。",
    "A job is running in the Text panel: stop it or wait for it, then try again.":
        "文本面板中有任务正在运行：请先停止或等待它完成，然后再试。",
    "Opened %1": "已打开 %1",
    "%1 is not an AIGC Studio asset or a text file (.txt, .md), so there is nothing to open.":
        "%1 既不是 AIGC Studio 素材，也不是文本文件（.txt、.md），没有可打开的内容。",
    "Open asset": "打开素材",
    "Assets and text (*.txt *.md *.json);;All files (*)": "素材和文本 (*.txt *.md *.json);;所有文件 (*)",
    "No application could open %1": "没有应用程序能打开 %1",
    "The output folder is %1": "输出文件夹是 %1",
    "The new device is used from the next job.": "新设备将从下一个任务开始使用。",
    "About AIGC Studio": "关于 AIGC Studio",
    "<h3>AIGC Studio %1</h3><p>Generate images, text and sounds with local models, offline.</p>"
    "<p>Your prompts and results never leave this computer.</p><p>MIT licence.</p>":
        "<h3>AIGC Studio %1</h3><p>用本地模型离线生成图像、文本和声音。</p>"
        "<p>你的提示词和生成结果不会离开这台电脑。</p><p>MIT 许可证。</p>",

    # --- placeholder panels ------------------------------------------------------------------------------
    "Image generation": "图像生成",
    "Image models arrive in a later version of AIGC Studio. Text generation works now: open the Text tab.":
        "图像模型将在 AIGC Studio 的后续版本中提供。文本生成现在已可使用：请打开“文本”标签页。",
    "Sound generation": "声音生成",
    "Sound models arrive in a later version of AIGC Studio. Text generation works now: open the Text tab.":
        "声音模型将在 AIGC Studio 的后续版本中提供。文本生成现在已可使用：请打开“文本”标签页。",
    "This kind of generation arrives in a later version of AIGC Studio.":
        "这类生成功能将在 AIGC Studio 的后续版本中提供。",

    # --- job list ----------------------------------------------------------------------------------------
    "Kind": "类型",
    "State": "状态",
    "Progress": "进度",
    "Message": "消息",
    "Cancel the selected job (a running job keeps what it made so far)":
        "取消所选任务（正在运行的任务会保留已生成的内容）",
    "Move up": "上移",
    "Run the selected queued job sooner": "让所选的排队任务提前运行",
    "Move down": "下移",
    "Run the selected queued job later": "让所选的排队任务推后运行",
    "Remove from list": "从列表中移除",
    "Clear finished": "清除已结束",
    "Remove every finished, cancelled or failed job from the list": "从列表中移除所有已完成、已取消或失败的任务",
    "Copy message": "复制消息",
    "Queued": "排队中",
    "Running": "运行中",
    "Done": "已完成",
    "Cancelled": "已取消",
    "Failed": "失败",
    "Training (text)": "训练（文本）",
    "%1 tokens, %2 tokens/s": "%1 个词元，每秒 %2 个",

    # --- engine ------------------------------------------------------------------------------------------
    "Cancelled before it started.": "在开始前已取消。",
    "Cancelled.": "已取消。",
    "Stopped: kept what was made so far.": "已停止：保留了目前生成的内容。",
    "Cancelled: the studio was closed.": "已取消：工作室已关闭。",
    "The studio is closing: no new jobs.": "工作室正在关闭：不再接受新任务。",

    # --- settings dialog ---------------------------------------------------------------------------------
    "Settings": "设置",
    "Where generated images, text and sounds are saved": "生成的图像、文本和声音保存的位置",
    "Browse…": "浏览…",
    "Automatic (best available)": "自动（选择最佳可用设备）",
    "NVIDIA GPU (CUDA)": "NVIDIA 显卡（CUDA）",
    "Apple GPU (Metal)": "Apple 图形处理器（Metal）",
    "CPU": "CPU",
    "Applies to the next job.": "从下一个任务开始生效。",
    "System language": "跟随系统语言",
    "Output folder:": "输出文件夹：",
    "Device:": "设备：",
    "Language:": "语言：",
    "Choose the output folder": "选择输出文件夹",
    "Choose an output folder.": "请选择一个输出文件夹。",
    "The studio cannot write to this folder: %1": "工作室无法写入这个文件夹：%1",
    "The settings could not be saved: %1": "无法保存设置：%1",

    # --- diagnostics -------------------------------------------------------------------------------------
    "the shipped model '%1' is not available: %2": "自带模型“%1”不可用：%2",
    "%1 text deltas arrived": "收到 %1 段流式文本",
    "%1 characters": "%1 个字符",
    " (the streamed text differs from the result)": "（流式文本与最终结果不一致）",
    "saved and reloaded %1": "已保存并重新读取 %1",
    "%1 was saved but its settings differ when read back": "%1 已保存，但读回的设置与原设置不同",
    "none found": "未找到",
    "Chinese font: %1": "中文字体：%1",
    "finished on %1": "在 %1 上完成",
    "Runs a short text job with the shipped model, saves it to a temporary folder and reads it back, and "
    "measures how responsive the window stays. Nothing is kept.":
        "用自带模型运行一个简短的文本任务，把结果保存到临时文件夹再读回，并测量窗口的响应速度。不会保留任何文件。",
    "Run checks": "运行检查",
    "Copy report": "复制报告",
    "Running a short text job…": "正在运行一个简短的文本任务…",
    "%1 check(s) failed.": "%1 项检查未通过。",

    # --- self-test ---------------------------------------------------------------------------------------
    "shown after %1 ms": "%1 毫秒后显示",
    "not measured: torch was loaded before the self-test": "未测量：自检开始前 torch 已被加载",
    "torch was not loaded on the GUI thread before the window appeared": "窗口出现前，界面线程没有加载 torch",
    "torch was loaded before the window appeared": "窗口出现前 torch 就已被加载",
    "the window was on screen before the engine loaded torch": "引擎加载 torch 之前窗口已经显示",
    "torch was loaded, or the engine started, before the window appeared": "窗口出现之前 torch 已被加载，或引擎已启动",
    "the engine did not report a device": "引擎没有报告设备",
    "the shipped model folder aigc_studio/resources/models/%1 is not there yet (or unreadable): %2":
        "自带模型文件夹 aigc_studio/resources/models/%1 尚不存在（或无法读取）：%2",
    "All %1 checks passed.": "全部 %1 项检查均已通过。",
    "%1 of %2 checks failed.": "%2 项检查中有 %1 项未通过。",
    "Generate did not start a job": "“生成”没有启动任务",
    "job %1 queued from the Text panel": "任务 %1 已从文本面板加入队列",
    "the Text panel shows the generated text": "文本面板显示了生成的文本",
    "the generated text is not in the Text panel": "生成的文本没有出现在文本面板中",
    "saving from the Text panel gave no file (%1)": "从文本面板保存后没有得到文件（%1）",
    "%1 saved; its settings read back the same": "%1 已保存；读回的设置与原设置一致",
    "%1 saved, but its settings read back differently": "%1 已保存，但读回的设置与原设置不同",

    # --- assets library ----------------------------------------------------------------------------------
    "Search prompts, text and models…": "搜索提示词、文本和模型…",
    "All": "全部",
    "Images": "图像",
    "Sounds": "声音",
    "Show only one kind of asset": "只显示一种素材",
    "★ Favourites": "★ 收藏",
    "Show only favourites": "只显示收藏",
    "Reuse settings": "复用设置",
    "Load this asset's settings into its panel (double-click)": "把这个素材的设置载入对应面板（双击）",
    "Favourite": "收藏",
    "Mark or unmark as a favourite": "标记或取消收藏",
    "Open": "打开",
    "Open the file with its usual application": "用默认应用程序打开文件",
    "Reveal in folder": "在文件夹中显示",
    "Show the folder that holds this file": "显示包含此文件的文件夹",
    "Copy path": "复制路径",
    "Copy the file's path to the clipboard": "把文件路径复制到剪贴板",
    "Delete…": "删除…",
    "Delete the file and its settings (asks first)": "删除文件及其设置（会先确认）",
    "Refresh": "刷新",
    "Read the output folder again": "重新读取输出文件夹",
    "The library cannot be read: %1": "无法读取素材库：%1",
    "Nothing matches “%1”.": "没有与“%1”匹配的内容。",
    "No favourites yet — select an asset and press ★ Favourite.": "还没有收藏——选中一个素材并按“★ 收藏”。",
    "No assets of this kind yet.": "还没有这类素材。",
    "No assets yet — generate something and press Ctrl+S.": "还没有素材——生成一些内容后按 Ctrl+S 保存。",
    "The settings of this asset cannot be reused: %1": "无法复用这个素材的设置：%1",
    "No file manager could be opened. The file is in %1": "无法打开文件管理器。文件位于 %1",
    "Delete asset": "删除素材",
    "Delete “%1” and its saved settings? This cannot be undone.": "删除“%1”及其保存的设置？此操作无法撤销。",

    # --- text panel --------------------------------------------------------------------------------------
    "The prompt is empty: type a few words to start from.": "提示词为空：请输入几个字作为开头。",
    "Max new tokens must be between 1 and 4096.": "最大新词元数必须在 1 到 4096 之间。",
    "Temperature must be between 0 (greedy) and 5.": "温度必须在 0（贪心）到 5 之间。",
    "Top-k must be 0 (off) or a positive number of tokens.": "Top-k 必须为 0（关闭）或正的词元数。",
    "Top-p must be greater than 0 and at most 1.": "Top-p 必须大于 0 且不超过 1。",
    "Repetition penalty must be between 1 (off) and 3.": "重复惩罚必须在 1（关闭）到 3 之间。",
    "The seed must be between 0 and 4294967295.": "种子必须在 0 到 4294967295 之间。",
    "Choose a model.": "请选择一个模型。",
    "Stop strings must not be empty.": "停止字符串不能为空。",
    "Type the beginning of a text: the model continues it.\n"
    "Drop a .txt file here or use File › Open to start from one.":
        "输入一段文字的开头，模型会接着写下去。\n也可以把 .txt 文件拖到这里，或用“文件 › 打开”从文件开始。",
    "Generate a continuation of the prompt (Ctrl+Enter)": "根据提示词续写（Ctrl+Enter）",
    "Stop at the next token; the text so far stays (Esc)": "在下一个词元处停止；已生成的文本会保留（Esc）",
    "Run the last job again with the same settings — a new seed when the seed mode is Random (Ctrl+R)":
        "用相同设置再次运行上一个任务——种子模式为“随机”时会换新种子（Ctrl+R）",
    "Append the generated text to the prompt and go on writing (Ctrl+Shift+Enter)":
        "把生成的文本接到提示词后面，继续往下写（Ctrl+Shift+Enter）",
    "Save the prompt and the generated text, with the settings that made it (Ctrl+S)":
        "保存提示词和生成的文本，以及生成它们的设置（Ctrl+S）",
    "The generated text appears here, after the prompt.": "生成的文本会显示在这里，位于提示词之后。",
    "%v / %m tokens": "%v / %m 个词元",
    "Ready.": "就绪。",
    "Output": "输出",
    "No text model found": "未找到文本模型",
    "Open model folder…": "打开模型文件夹…",
    "Use a model folder: one of ours (card.json + model.safetensors) or a GPT-2 Hugging Face folder":
        "使用一个模型文件夹：本工作室的格式（card.json + model.safetensors）或 GPT-2 的 Hugging Face 文件夹",
    "0 (greedy)": "0（贪心）",
    "off": "关闭",
    "Random": "随机",
    "Fixed": "固定",
    "Reuse last": "沿用上次",
    "Last + 1": "上次 + 1",
    "e.g. 1234": "例如 1234",
    "e.g. \\n\\n, THE END": "例如 \\n\\n, THE END",
    "Max new tokens": "最大新词元数",
    "How many tokens (characters or word pieces) to write at most: 1 to 4096":
        "最多写多少个词元（字或词片段）：1 到 4096",
    "Temperature": "温度",
    "Randomness: 0 = greedy (always the most likely token, the same text every time); higher is more "
    "surprising. 0 to 5":
        "随机程度：0 = 贪心（总是选最可能的词元，每次文本都相同）；越高越出人意料。范围 0 到 5",
    "Top-k": "Top-k",
    "Pick only among the k most likely tokens; 0 = off": "只在最可能的 k 个词元中挑选；0 = 关闭",
    "Top-p": "Top-p",
    "Pick among the most likely tokens that together make up this probability; 1 = off. Greater than 0, "
    "at most 1":
        "在累计概率达到该值的最可能词元中挑选；1 = 关闭。大于 0，且不超过 1",
    "Repetition penalty": "重复惩罚",
    "Make tokens already in the text less likely; 1 = off. 1 to 3": "降低文本中已出现词元的概率；1 = 关闭。范围 1 到 3",
    "Seed": "种子",
    "Random: a new seed every time. Fixed: the seed in the box (same settings + same seed = same text). "
    "Reuse last: the seed of the last job. Last + 1: the next seed":
        "随机：每次使用新种子。固定：使用框中的种子（相同设置 + 相同种子 = 相同文本）。"
        "沿用上次：使用上一个任务的种子。上次 + 1：使用下一个种子",
    "Stop strings": "停止字符串",
    "Stop when the text contains one of these. Separate them with commas; write \\n for a new line, \\, for a "
    "comma, \\s for a space at the start or end, \\\\ for a backslash":
        "文本中出现其中任意一个时停止。用逗号分隔；\\n 表示换行，\\, 表示逗号，\\s 表示开头或结尾的空格，"
        "\\\\ 表示反斜杠",
    "Sampling": "采样",
    "%1 (not installed)": "%1（未安装）",
    "Open model folder": "打开模型文件夹",
    "This folder holds a %1 model, not a text model.": "这个文件夹里是%1模型，不是文本模型。",
    "%1 (folder)": "%1（文件夹）",
    "The seed of the next job": "下一个任务的种子",
    "The seed of the last job: choose Fixed to keep it": "上一个任务的种子：选择“固定”即可保留它",
    "Type a seed (a whole number from 0 to %1) or choose Random.": "请输入种子（0 到 %1 之间的整数），或选择“随机”。",
    "The seed must be a whole number from 0 to %1.": "种子必须是 0 到 %1 之间的整数。",
    "Stop strings: %1": "停止字符串：%1",
    "This model: %1": "此模型：%1",
    "Check the settings: %1": "请检查设置：%1",
    "A text job is already running: stop it or wait for it.": "已有文本任务正在运行：请先停止或等待它完成。",
    "Nothing to continue yet: type a prompt and press Generate.": "还没有可续写的内容：请输入提示词并按“生成”。",
    "Queued: waiting for the engine…": "已排队：正在等待引擎…",
    "Generating with %1 (seed %2)…": "正在用 %1 生成（种子 %2）…",
    "Generating…": "正在生成…",
    "The job failed.": "任务失败。",
    "Failed.": "失败。",
    "Text generation failed: %1": "文本生成失败：%1",
    "The prompt was longer than the model can read: only its end was used.":
        "提示词超出了模型能读取的长度：只使用了它的末尾部分。",
    "Stopped.": "已停止。",
    "Done: press Ctrl+S to save it.": "完成：按 Ctrl+S 保存。",
    "%1 tokens": "%1 个词元",
    "%1 tokens/s": "每秒 %1 个词元",
    "first token %1 ms": "首个词元 %1 毫秒",
    "reached max tokens": "达到最大词元数",
    "stop string": "遇到停止字符串",
    "end of text": "文本结束",
    "stopped by you": "由你停止",
    "stopped: %1": "停止原因：%1",
    "device: %1": "设备：%1",
    "seed %1": "种子 %1",
    "Done.": "完成。",
    "The job is still running: stop it or wait for it, then save.": "任务仍在运行：请先停止或等待它完成，然后再保存。",
    "Nothing to save yet: generate some text first.": "还没有可保存的内容：请先生成一些文本。",
    "Already saved: %1": "已经保存过：%1",
    "Not saved: %1 The text is still here; try again.": "未保存：%1 文本仍在这里，请再试一次。",
    "This is not a text job's settings.": "这不是文本任务的设置。",
    "Opened %1 as the prompt.": "已将 %1 作为提示词打开。",
    "No text model is installed yet: use “Open model folder…” to choose one.":
        "尚未安装文本模型：请用“打开模型文件夹…”选择一个。",
    "%1…": "%1…",

    # --- parameter form ----------------------------------------------------------------------------------
    "A backslash at the end: write \\\\ for a backslash.": "末尾有一个反斜杠：反斜杠本身请写作 \\\\。",
    "Unknown escape \\%1: use \\n, \\t, \\, \\s or \\\\.": "未知的转义 \\%1：请使用 \\n、\\t、\\,、\\s 或 \\\\。",
    # --- diagnostics and window: images and sounds -------------------------------------------------------
    "%1 previews with %2 images arrived": "收到 %1 次预览，共 %2 张图像",
    "%1 images, %2% of their pixels visible": "%1 张图像，%2% 的像素可见",
    "%1 audio chunks arrived": "收到 %1 个音频片段",
    "%1 sounds, peak %2, RMS %3": "%1 个声音，峰值 %2，均方根 %3",
    "Runs a short text, image and audio job with the shipped models, saves each result to a temporary folder and reads it back, and measures how responsive the window stays. Nothing is kept.":
        "用自带模型运行一个简短的文本、图像和音频任务，把每个结果保存到临时文件夹并读回，同时测量窗口的响应速度。不会保留任何文件。",
    "Generating four images…": "正在生成四张图像…",
    "Generating two sounds…": "正在生成两个声音…",
    "Settings restored: making it again…": "设置已恢复：正在重新生成…",
    "%1 is not an AIGC Studio asset, a picture, a sound or a text file, so there is nothing to open.":
        "%1 不是 AIGC Studio 素材、图片、声音或文本文件，无法打开。",
    "Assets, pictures, sounds and text (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.wav *.flac *.ogg *.oga *.aif *.aiff *.txt *.md *.json);;All files (*)":
        "素材、图片、声音和文本 (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.wav *.flac *.ogg *.oga *.aif *.aiff *.txt *.md *.json);;所有文件 (*)",
}

# (context, source) -> translation, where one context needs other words than the shared table.
ZH_CONTEXT: dict[tuple[str, str], str] = {
    ("JobList", "Text"): "文本",
    ("AssetsLibrary", "Text"): "文本",
}

# Each panel keeps its own table next to this one (scripts/i18n/translations_zh_CN_<panel>.py, a dict named ZH).
for _extra in ("image", "audio"):
    try:
        _mod = __import__(f"translations_zh_CN_{_extra}")
    except ModuleNotFoundError:
        continue
    ZH.update(_mod.ZH)


def fill(path: str) -> list[str]:
    tree = ET.parse(path)
    missing = []
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            src = msg.findtext("source") or ""
            tr = msg.find("translation")
            if tr is None:
                tr = ET.SubElement(msg, "translation")
            text = ZH_CONTEXT.get((name, src), ZH.get(src))
            if text is None:
                if not (tr.text or "").strip():
                    missing.append(f"{name}: {src!r}")
                continue
            tr.text = text
            tr.attrib.pop("type", None)          # finished
    tree.write(path, encoding="utf-8", xml_declaration=True)
    with open(path, encoding="utf-8") as f:
        body = f.read()
    if "<!DOCTYPE TS>" not in body:
        body = body.replace("?>\n", "?>\n<!DOCTYPE TS>\n", 1)
        with open(path, "w", encoding="utf-8") as f:
            f.write(body)
    return missing


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    missing = fill(argv[0])
    for m in missing:
        print(f"untranslated: {m}", file=sys.stderr)
    if missing:
        print(f"{len(missing)} string(s) still need a Chinese translation in {__file__}", file=sys.stderr)
    return 1 if (missing and "--check" in argv) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
