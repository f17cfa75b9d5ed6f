<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AssetsLibrary</name>
    <message>
        <source>Search prompts, text and models…</source>
        <translation>搜索提示词、文本和模型…</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Sounds</source>
        <translation>声音</translation>
    </message>
    <message>
        <source>Show only one kind of asset</source>
        <translation>只显示一种素材</translation>
    </message>
    <message>
        <source>★ Favourites</source>
        <translation>★ 收藏</translation>
    </message>
    <message>
        <source>Show only favourites</source>
        <translation>只显示收藏</translation>
    </message>
    <message>
        <source>Reuse settings</source>
        <translation>复用设置</translation>
    </message>
    <message>
        <source>Load this asset's settings into its panel (double-click)</source>
        <translation>把这个素材的设置载入对应面板（双击）</translation>
    </message>
    <message>
        <source>Favourite</source>
        <translation>收藏</translation>
    </message>
    <message>
        <source>Mark or unmark as a favourite</source>
        <translation>标记或取消收藏</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Open the file with its usual application</source>
        <translation>用默认应用程序打开文件</translation>
    </message>
    <message>
        <source>Reveal in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>Show the folder that holds this file</source>
        <translation>显示包含此文件的文件夹</translation>
    </message>
    <message>
        <source>Copy path</source>
        <translation>复制路径</translation>
    </message>
    <message>
        <source>Copy the file's path to the clipboard</source>
        <translation>把文件路径复制到剪贴板</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Delete the file and its settings (asks first)</source>
        <translation>删除文件及其设置（会先确认）</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Read the output folder again</source>
        <translation>重新读取输出文件夹</translation>
    </message>
    <message>
        <source>The library cannot be read: %1</source>
        <translation>无法读取素材库：%1</translation>
    </message>
    <message>
        <source>Nothing matches “%1”.</source>
        <translation>没有与“%1”匹配的内容。</translation>
    </message>
    <message>
        <source>No favourites yet — select an asset and press ★ Favourite.</source>
        <translation>还没有收藏——选中一个素材并按“★ 收藏”。</translation>
    </message>
    <message>
        <source>No assets of this kind yet.</source>
        <translation>还没有这类素材。</translation>
    </message>
    <message>
        <source>No assets yet — generate something and press Ctrl+S.</source>
        <translation>还没有素材——生成一些内容后按 Ctrl+S 保存。</translation>
    </message>
    <message>
        <source>Assets</source>
        <translation>素材</translation>
    </message>
    <message>
        <source>The settings of this asset cannot be reused: %1</source>
        <translation>无法复用这个素材的设置：%1</translation>
    </message>
    <message>
        <source>No file manager could be opened. The file is in %1</source>
        <translation>无法打开文件管理器。文件位于 %1</translation>
    </message>
    <message>
        <source>Delete asset</source>
        <translation>删除素材</translation>
    </message>
    <message>
        <source>Delete “%1” and its saved settings? This cannot be undone.</source>
        <translation>删除“%1”及其保存的设置？此操作无法撤销。</translation>
    </message>
</context>
<context>
    <name>Diagnostics</name>
    <message>
        <source>the shipped model '%1' is not available: %2</source>
        <translation>自带模型“%1”不可用：%2</translation>
    </message>
    <message>
        <source>%1 text deltas arrived</source>
        <translation>收到 %1 段流式文本</translation>
    </message>
    <message>
        <source>%1 characters</source>
        <translation>%1 个字符</translation>
    </message>
    <message>
        <source> (the streamed text differs from the result)</source>
        <translation>（流式文本与最终结果不一致）</translation>
    </message>
    <message>
        <source>saved and reloaded %1</source>
        <translation>已保存并重新读取 %1</translation>
    </message>
    <message>
        <source>%1 was saved but its settings differ when read back</source>
        <translation>%1 已保存，但读回的设置与原设置不同</translation>
    </message>
    <message>
        <source>none found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>Chinese font: %1</source>
        <translation>中文字体：%1</translation>
    </message>
    <message>
        <source>finished on %1</source>
        <translation>在 %1 上完成</translation>
    </message>
    <message>
        <source>no result within %1 s</source>
        <translation>%1 秒内没有得到结果</translation>
    </message>
</context>
<context>
    <name>DiagnosticsDialog</name>
    <message>
        <source>Diagnostics</source>
        <translation>诊断</translation>
    </message>
    <message>
        <source>Runs a short text job with the shipped model, saves it to a temporary folder and reads it back, and measures how responsive the window stays. Nothing is kept.</source>
        <translation>用自带模型运行一个简短的文本任务，把结果保存到临时文件夹再读回，并测量窗口的响应速度。不会保留任何文件。</translation>
    </message>
    <message>
        <source>Run checks</source>
        <translation>运行检查</translation>
    </message>
    <message>
        <source>Copy report</source>
        <translation>复制报告</translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation>设备：%1</translation>
    </message>
    <message>
        <source>Running a short text job…</source>
        <translation>正在运行一个简短的文本任务…</translation>
    </message>
    <message>
        <source>All checks passed.</source>
        <translation>所有检查均已通过。</translation>
    </message>
    <message>
        <source>%1 check(s) failed.</source>
        <translation>%1 项检查未通过。</translation>
    </message>
</context>
<context>
    <name>Engine</name>
    <message>
        <source>Cancelled before it started.</source>
        <translation>在开始前已取消。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Stopped: kept what was made so far.</source>
        <translation>已停止：保留了目前生成的内容。</translation>
    </message>
    <message>
        <source>Cancelled: the studio was closed.</source>
        <translation>已取消：工作室已关闭。</translation>
    </message>
    <message>
        <source>The studio is closing: no new jobs.</source>
        <translation>工作室正在关闭：不再接受新任务。</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
</context>
<context>
    <name>JobList</name>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel the selected job (a running job keeps what it made so far)</source>
        <translation>取消所选任务（正在运行的任务会保留已生成的内容）</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Run the selected queued job sooner</source>
        <translation>让所选的排队任务提前运行</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Run the selected queued job later</source>
        <translation>让所选的排队任务推后运行</translation>
    </message>
    <message>
        <source>Remove from list</source>
        <translation>从列表中移除</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>清除已结束</translation>
    </message>
    <message>
        <source>Remove every finished, cancelled or failed job from the list</source>
        <translation>从列表中移除所有已完成、已取消或失败的任务</translation>
    </message>
    <message>
        <source>Copy message</source>
        <translation>复制消息</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>声音</translation>
    </message>
    <message>
        <source>Training (text)</source>
        <translation>训练（文本）</translation>
    </message>
    <message>
        <source>%1 tokens, %2 tokens/s</source>
        <translation>%1 个词元，每秒 %2 个</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>AIGC Studio</source>
        <translation>AIGC Studio</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Assets</source>
        <translation>素材</translation>
    </message>
    <message>
        <source>Starting engine…</source>
        <translation>正在启动引擎…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save the current result with its settings</source>
        <translation>保存当前结果及其生成设置</translation>
    </message>
    <message>
        <source>&amp;Open asset…</source>
        <translation>打开素材(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a saved asset to reuse its settings, or a text file</source>
        <translation>打开已保存的素材以复用其设置，或打开一个文本文件</translation>
    </message>
    <message>
        <source>&amp;Reveal output folder</source>
        <translation>打开输出文件夹(&amp;R)</translation>
    </message>
    <message>
        <source>Show the output folder in the file manager</source>
        <translation>在文件管理器中显示输出文件夹</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>Start a job with the current settings</source>
        <translation>用当前设置开始一个任务</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>Stop the running job; what was made so far is kept</source>
        <translation>停止正在运行的任务；已生成的内容会保留</translation>
    </message>
    <message>
        <source>&amp;Regenerate</source>
        <translation>重新生成(&amp;R)</translation>
    </message>
    <message>
        <source>Run again with a new seed</source>
        <translation>换一个随机种子再运行一次</translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation>续写(&amp;C)</translation>
    </message>
    <message>
        <source>Continue writing from the end of the text</source>
        <translation>从文本末尾接着写下去</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Jobs</source>
        <translation>任务(&amp;J)</translation>
    </message>
    <message>
        <source>&amp;Assets</source>
        <translation>素材(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Diagnostics…</source>
        <translation>诊断(&amp;D)…</translation>
    </message>
    <message>
        <source>Check that generation, saving and the window work</source>
        <translation>检查生成、保存和窗口是否正常工作</translation>
    </message>
    <message>
        <source>&amp;About AIGC Studio</source>
        <translation>关于 AIGC Studio(&amp;A)</translation>
    </message>
    <message>
        <source>Jobs run on: %1</source>
        <translation>任务运行于：%1</translation>
    </message>
    <message>
        <source>A job failed: %1</source>
        <translation>任务失败：%1</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Nothing to do here yet.</source>
        <translation>这里暂时还没有可做的操作。</translation>
    </message>
    <message>
        <source>This asset was made by a kind of job this version cannot open (%1).</source>
        <translation>这个素材由本版本无法打开的任务类型生成（%1）。</translation>
    </message>
    <message>
        <source>A job is running in that panel: stop it or wait for it, then try again.</source>
        <translation>该面板中有任务正在运行：请先停止或等待它完成，然后再试。</translation>
    </message>
    <message>
        <source>Settings restored: press Generate to make it again.</source>
        <translation>设置已恢复：按“生成”即可再次生成。</translation>
    </message>
    <message>
        <source>%1 is not a file.</source>
        <translation>%1 不是一个文件。</translation>
    </message>
    <message>
        <source>%1 could not be opened: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>A job is running in the Text panel: stop it or wait for it, then try again.</source>
        <translation>文本面板中有任务正在运行：请先停止或等待它完成，然后再试。</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>%1 is not an AIGC Studio asset or a text file (.txt, .md), so there is nothing to open.</source>
        <translation>%1 既不是 AIGC Studio 素材，也不是文本文件（.txt、.md），没有可打开的内容。</translation>
    </message>
    <message>
        <source>Open asset</source>
        <translation>打开素材</translation>
    </message>
    <message>
        <source>Assets and text (*.txt *.md *.json);;All files (*)</source>
        <translation>素材和文本 (*.txt *.md *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>No application could open %1</source>
        <translation>没有应用程序能打开 %1</translation>
    </message>
    <message>
        <source>The output folder is %1</source>
        <translation>输出文件夹是 %1</translation>
    </message>
    <message>
        <source>The new device is used from the next job.</source>
        <translation>新设备将从下一个任务开始使用。</translation>
    </message>
    <message>
        <source>The language changes after the studio is restarted.</source>
        <translation>重启工作室后语言才会更改。</translation>
    </message>
    <message>
        <source>About AIGC Studio</source>
        <translation>关于 AIGC Studio</translation>
    </message>
    <message>
        <source>&lt;h3&gt;AIGC Studio %1&lt;/h3&gt;&lt;p&gt;Generate images, text and sounds with local models, offline.&lt;/p&gt;&lt;p&gt;Your prompts and results never leave this computer.&lt;/p&gt;&lt;p&gt;MIT licence.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;AIGC Studio %1&lt;/h3&gt;&lt;p&gt;用本地模型离线生成图像、文本和声音。&lt;/p&gt;&lt;p&gt;你的提示词和生成结果不会离开这台电脑。&lt;/p&gt;&lt;p&gt;MIT 许可证。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>ParamForm</name>
    <message>
        <source>A backslash at the end: write \\ for a backslash.</source>
        <translation>末尾有一个反斜杠：反斜杠本身请写作 \\。</translation>
    </message>
    <message>
        <source>Unknown escape \%1: use \n, \t, \, \s or \\.</source>
        <translation>未知的转义 \%1：请使用 \n、\t、\,、\s 或 \\。</translation>
    </message>
</context>
<context>
    <name>PlaceholderPanel</name>
    <message>
        <source>Image generation</source>
        <translation>图像生成</translation>
    </message>
    <message>
        <source>Image models arrive in a later version of AIGC Studio. Text generation works now: open the Text tab.</source>
        <translation>图像模型将在 AIGC Studio 的后续版本中提供。文本生成现在已可使用：请打开“文本”标签页。</translation>
    </message>
    <message>
        <source>Sound generation</source>
        <translation>声音生成</translation>
    </message>
    <message>
        <source>Sound models arrive in a later version of AIGC Studio. Text generation works now: open the Text tab.</source>
        <translation>声音模型将在 AIGC Studio 的后续版本中提供。文本生成现在已可使用：请打开“文本”标签页。</translation>
    </message>
    <message>
        <source>This kind of generation arrives in a later version of AIGC Studio.</source>
        <translation>这类生成功能将在 AIGC Studio 的后续版本中提供。</translation>
    </message>
</context>
<context>
    <name>SelfTest</name>
    <message>
        <source>shown after %1 ms</source>
        <translation>%1 毫秒后显示</translation>
    </message>
    <message>
        <source>not measured: torch was loaded before the self-test</source>
        <translation>未测量：自检开始前 torch 已被加载</translation>
    </message>
    <message>
        <source>the window was on screen before the engine loaded torch</source>
        <translation>引擎加载 torch 之前窗口已经显示</translation>
    </message>
    <message>
        <source>torch was loaded, or the engine started, before the window appeared</source>
        <translation>窗口出现之前 torch 已被加载，或引擎已启动</translation>
    </message>
    <message>
        <source>the engine did not report a device</source>
        <translation>引擎没有报告设备</translation>
    </message>
    <message>
        <source>the shipped model folder resources/models/%1 is not there yet (or unreadable): %2</source>
        <translation>自带模型文件夹 resources/models/%1 尚不存在（或无法读取）：%2</translation>
    </message>
    <message>
        <source>All %1 checks passed.</source>
        <translation>全部 %1 项检查均已通过。</translation>
    </message>
    <message>
        <source>%1 of %2 checks failed.</source>
        <translation>%2 项检查中有 %1 项未通过。</translation>
    </message>
    <message>
        <source>Generate did not start a job</source>
        <translation>“生成”没有启动任务</translation>
    </message>
    <message>
        <source>job %1 queued from the Text panel</source>
        <translation>任务 %1 已从文本面板加入队列</translation>
    </message>
    <message>
        <source>the Text panel shows the generated text</source>
        <translation>文本面板显示了生成的文本</translation>
    </message>
    <message>
        <source>the generated text is not in the Text panel</source>
        <translation>生成的文本没有出现在文本面板中</translation>
    </message>
    <message>
        <source>saving from the Text panel gave no file (%1)</source>
        <translation>从文本面板保存后没有得到文件（%1）</translation>
    </message>
    <message>
        <source>%1 saved; its settings read back the same</source>
        <translation>%1 已保存；读回的设置与原设置一致</translation>
    </message>
    <message>
        <source>%1 saved, but its settings read back differently</source>
        <translation>%1 已保存，但读回的设置与原设置不同</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Where generated images, text and sounds are saved</source>
        <translation>生成的图像、文本和声音保存的位置</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Automatic (best available)</source>
        <translation>自动（选择最佳可用设备）</translation>
    </message>
    <message>
        <source>NVIDIA GPU (CUDA)</source>
        <translation>NVIDIA 显卡（CUDA）</translation>
    </message>
    <message>
        <source>Apple GPU (Metal)</source>
        <translation>Apple 图形处理器（Metal）</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Applies to the next job.</source>
        <translation>从下一个任务开始生效。</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统语言</translation>
    </message>
    <message>
        <source>The language changes after the studio is restarted.</source>
        <translation>重启工作室后语言才会更改。</translation>
    </message>
    <message>
        <source>Output folder:</source>
        <translation>输出文件夹：</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>Choose the output folder</source>
        <translation>选择输出文件夹</translation>
    </message>
    <message>
        <source>Choose an output folder.</source>
        <translation>请选择一个输出文件夹。</translation>
    </message>
    <message>
        <source>The studio cannot write to this folder: %1</source>
        <translation>工作室无法写入这个文件夹：%1</translation>
    </message>
    <message>
        <source>The settings could not be saved: %1</source>
        <translation>无法保存设置：%1</translation>
    </message>
</context>
<context>
    <name>TextPanel</name>
    <message>
        <source>The prompt is empty: type a few words to start from.</source>
        <translation>提示词为空：请输入几个字作为开头。</translation>
    </message>
    <message>
        <source>Max new tokens must be between 1 and 4096.</source>
        <translation>最大新词元数必须在 1 到 4096 之间。</translation>
    </message>
    <message>
        <source>Temperature must be between 0 (greedy) and 5.</source>
        <translation>温度必须在 0（贪心）到 5 之间。</translation>
    </message>
    <message>
        <source>Top-k must be 0 (off) or a positive number of tokens.</source>
        <translation>Top-k 必须为 0（关闭）或正的词元数。</translation>
    </message>
    <message>
        <source>Top-p must be greater than 0 and at most 1.</source>
        <translation>Top-p 必须大于 0 且不超过 1。</translation>
    </message>
    <message>
        <source>Repetition penalty must be between 1 (off) and 3.</source>
        <translation>重复惩罚必须在 1（关闭）到 3 之间。</translation>
    </message>
    <message>
        <source>The seed must be between 0 and 4294967295.</source>
        <translation>种子必须在 0 到 4294967295 之间。</translation>
    </message>
    <message>
        <source>Choose a model.</source>
        <translation>请选择一个模型。</translation>
    </message>
    <message>
        <source>Stop strings must not be empty.</source>
        <translation>停止字符串不能为空。</translation>
    </message>
    <message>
        <source>Type the beginning of a text: the model continues it.
Drop a .txt file here or use File › Open to start from one.</source>
        <translation>输入一段文字的开头，模型会接着写下去。
也可以把 .txt 文件拖到这里，或用“文件 › 打开”从文件开始。</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Generate a continuation of the prompt (Ctrl+Enter)</source>
        <translation>根据提示词续写（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop at the next token; the text so far stays (Esc)</source>
        <translation>在下一个词元处停止；已生成的文本会保留（Esc）</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Run the last job again with the same settings — a new seed when the seed mode is Random (Ctrl+R)</source>
        <translation>用相同设置再次运行上一个任务——种子模式为“随机”时会换新种子（Ctrl+R）</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>续写</translation>
    </message>
    <message>
        <source>Append the generated text to the prompt and go on writing (Ctrl+Shift+Enter)</source>
        <translation>把生成的文本接到提示词后面，继续往下写（Ctrl+Shift+Enter）</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save the prompt and the generated text, with the settings that made it (Ctrl+S)</source>
        <translation>保存提示词和生成的文本，以及生成它们的设置（Ctrl+S）</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>The generated text appears here, after the prompt.</source>
        <translation>生成的文本会显示在这里，位于提示词之后。</translation>
    </message>
    <message>
        <source>%v / %m tokens</source>
        <translation>%v / %m 个词元</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>No text model found</source>
        <translation>未找到文本模型</translation>
    </message>
    <message>
        <source>Open model folder…</source>
        <translation>打开模型文件夹…</translation>
    </message>
    <message>
        <source>Use a model folder: one of ours (card.json + model.safetensors) or a GPT-2 Hugging Face folder</source>
        <translation>使用一个模型文件夹：本工作室的格式（card.json + model.safetensors）或 GPT-2 的 Hugging Face 文件夹</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>0 (greedy)</source>
        <translation>0（贪心）</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Fixed</source>
        <translation>固定</translation>
    </message>
    <message>
        <source>Reuse last</source>
        <translation>沿用上次</translation>
    </message>
    <message>
        <source>Last + 1</source>
        <translation>上次 + 1</translation>
    </message>
    <message>
        <source>e.g. 1234</source>
        <translation>例如 1234</translation>
    </message>
    <message>
        <source>e.g. \n\n, THE END</source>
        <translation>例如 \n\n, THE END</translation>
    </message>
    <message>
        <source>Max new tokens</source>
        <translation>最大新词元数</translation>
    </message>
    <message>
        <source>How many tokens (characters or word pieces) to write at most: 1 to 4096</source>
        <translation>最多写多少个词元（字或词片段）：1 到 4096</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Randomness: 0 = greedy (always the most likely token, the same text every time); higher is more surprising. 0 to 5</source>
        <translation>随机程度：0 = 贪心（总是选最可能的词元，每次文本都相同）；越高越出人意料。范围 0 到 5</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Pick only among the k most likely tokens; 0 = off</source>
        <translation>只在最可能的 k 个词元中挑选；0 = 关闭</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Pick among the most likely tokens that together make up this probability; 1 = off. Greater than 0, at most 1</source>
        <translation>在累计概率达到该值的最可能词元中挑选；1 = 关闭。大于 0，且不超过 1</translation>
    </message>
    <message>
        <source>Repetition penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <source>Make tokens already in the text less likely; 1 = off. 1 to 3</source>
        <translation>降低文本中已出现词元的概率；1 = 关闭。范围 1 到 3</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Random: a new seed every time. Fixed: the seed in the box (same settings + same seed = same text). Reuse last: the seed of the last job. Last + 1: the next seed</source>
        <translation>随机：每次使用新种子。固定：使用框中的种子（相同设置 + 相同种子 = 相同文本）。沿用上次：使用上一个任务的种子。上次 + 1：使用下一个种子</translation>
    </message>
    <message>
        <source>Stop strings</source>
        <translation>停止字符串</translation>
    </message>
    <message>
        <source>Stop when the text contains one of these. Separate them with commas; write \n for a new line, \, for a comma, \s for a space at the start or end, \\ for a backslash</source>
        <translation>文本中出现其中任意一个时停止。用逗号分隔；\n 表示换行，\, 表示逗号，\s 表示开头或结尾的空格，\\ 表示反斜杠</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <source>%1 (not installed)</source>
        <translation>%1（未安装）</translation>
    </message>
    <message>
        <source>Open model folder</source>
        <translation>打开模型文件夹</translation>
    </message>
    <message>
        <source>This folder holds a %1 model, not a text model.</source>
        <translation>这个文件夹里是%1模型，不是文本模型。</translation>
    </message>
    <message>
        <source>%1 (folder)</source>
        <translation>%1（文件夹）</translation>
    </message>
    <message>
        <source>This model: %1</source>
        <translation>此模型：%1</translation>
    </message>
    <message>
        <source>The seed of the next job</source>
        <translation>下一个任务的种子</translation>
    </message>
    <message>
        <source>The seed of the last job: choose Fixed to keep it</source>
        <translation>上一个任务的种子：选择“固定”即可保留它</translation>
    </message>
    <message>
        <source>Type a seed (a whole number from 0 to %1) or choose Random.</source>
        <translation>请输入种子（0 到 %1 之间的整数），或选择“随机”。</translation>
    </message>
    <message>
        <source>The seed must be a whole number from 0 to %1.</source>
        <translation>种子必须是 0 到 %1 之间的整数。</translation>
    </message>
    <message>
        <source>Stop strings: %1</source>
        <translation>停止字符串：%1</translation>
    </message>
    <message>
        <source>No text model is installed yet: use “Open model folder…” to choose one.</source>
        <translation>尚未安装文本模型：请用“打开模型文件夹…”选择一个。</translation>
    </message>
    <message>
        <source>Check the settings: %1</source>
        <translation>请检查设置：%1</translation>
    </message>
    <message>
        <source>A text job is already running: stop it or wait for it.</source>
        <translation>已有文本任务正在运行：请先停止或等待它完成。</translation>
    </message>
    <message>
        <source>Nothing to continue yet: type a prompt and press Generate.</source>
        <translation>还没有可续写的内容：请输入提示词并按“生成”。</translation>
    </message>
    <message>
        <source>Queued: waiting for the engine…</source>
        <translation>已排队：正在等待引擎…</translation>
    </message>
    <message>
        <source>Generating with %1 (seed %2)…</source>
        <translation>正在用 %1 生成（种子 %2）…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <source>%1…</source>
        <translation>%1…</translation>
    </message>
    <message>
        <source>The job failed.</source>
        <translation>任务失败。</translation>
    </message>
    <message>
        <source>Failed.</source>
        <translation>失败。</translation>
    </message>
    <message>
        <source>Text generation failed: %1</source>
        <translation>文本生成失败：%1</translation>
    </message>
    <message>
        <source>The prompt was longer than the model can read: only its end was used.</source>
        <translation>提示词超出了模型能读取的长度：只使用了它的末尾部分。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>Done: press Ctrl+S to save it.</source>
        <translation>完成：按 Ctrl+S 保存。</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 个词元</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>每秒 %1 个词元</translation>
    </message>
    <message>
        <source>first token %1 ms</source>
        <translation>首个词元 %1 毫秒</translation>
    </message>
    <message>
        <source>reached max tokens</source>
        <translation>达到最大词元数</translation>
    </message>
    <message>
        <source>stop string</source>
        <translation>遇到停止字符串</translation>
    </message>
    <message>
        <source>end of text</source>
        <translation>文本结束</translation>
    </message>
    <message>
        <source>stopped by you</source>
        <translation>由你停止</translation>
    </message>
    <message>
        <source>stopped: %1</source>
        <translation>停止原因：%1</translation>
    </message>
    <message>
        <source>device: %1</source>
        <translation>设备：%1</translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation>种子 %1</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <source>The job is still running: stop it or wait for it, then save.</source>
        <translation>任务仍在运行：请先停止或等待它完成，然后再保存。</translation>
    </message>
    <message>
        <source>Nothing to save yet: generate some text first.</source>
        <translation>还没有可保存的内容：请先生成一些文本。</translation>
    </message>
    <message>
        <source>Already saved: %1</source>
        <translation>已经保存过：%1</translation>
    </message>
    <message>
        <source>Not saved: %1 The text is still here; try again.</source>
        <translation>未保存：%1 文本仍在这里，请再试一次。</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>This is not a text job's settings.</source>
        <translation>这不是文本任务的设置。</translation>
    </message>
    <message>
        <source>Opened %1 as the prompt.</source>
        <translation>已将 %1 作为提示词打开。</translation>
    </message>
</context>
</TS>