"""Simplified Chinese for the Audio panel strings (merged by translations_zh_CN.py)."""

ZH: dict[str, str] = {
    # --- the spec's problems (core/jobs/specs.py, shown next to the controls) --------------------------------
    "The number of results must be between 1 and 64.": "数量必须在 1 到 64 之间。",
    "The variation strength must be between 0 and 2.": "变化强度必须在 0 到 2 之间。",
    "The number of interpolation frames must be between 2 and 64.": "插值步数必须在 2 到 64 之间。",
    "Slider amounts must be at most 16 numbers between -10 and 10.": "滑块数值最多 16 个，且须在 -10 到 10 之间。",
    "Choose a file to encode.": "请选择要编码的文件。",
    "The length must be between 0.1 and 10 seconds.": "时长必须在 0.1 到 10 秒之间。",
    "Temperature must be between 0 and 2.": "温度必须在 0 到 2 之间。",
    "Select a sound first.": "请先选择一个声音。",
    "Select two sounds to interpolate between.": "请选择两个声音以在它们之间插值。",
    "A stored sound latent is damaged (not a list of finite numbers).": "保存的声音潜变量已损坏（不是有限数值的列表）。",

    # --- buttons, labels, tooltips ----------------------------------------------------------------------------
    "Generate new sounds with the settings on the right (Ctrl+Enter)": "用右侧的设置生成新的声音（Ctrl+Enter）",
    "Stop the job; the sounds made so far stay (Esc)": "停止任务；已生成的声音会保留（Esc）",
    "Run the last job again — a new seed when the seed mode is Random (Ctrl+R)":
        "再次运行上一个任务——种子模式为“随机”时换用新种子（Ctrl+R）",
    "Play": "播放",
    "Stop playing": "停止播放",
    "Play the current sound through the sound card (double-click a row to play it)":
        "通过声卡播放当前声音（双击某一行即可播放）",
    "Loop": "循环",
    "Play the sound again and again until you stop it": "反复播放，直到你停止",
    "Try again": "重试",
    "Look for a sound output device again": "重新查找声音输出设备",
    "Length": "时长",
    "Peak": "峰值",
    "Pitch": "音高",
    "No sounds yet: press Generate, or drop a WAV, FLAC or OGG file here to hear how the model rebuilds it.":
        "还没有声音：点击“生成”，或把 WAV、FLAC、OGG 文件拖到这里，听听模型如何重建它。",
    "Save the current sound with the settings that made it (Ctrl+S)": "保存当前声音及生成它的设置（Ctrl+S）",
    "The file format for Save and Export pack": "“保存”和“导出音色包”使用的文件格式",
    "Export pack…": "导出音色包…",
    "Write the selected sounds to a folder as numbered files with a manifest: a sample pack":
        "把选中的声音写入一个文件夹，带编号的文件加一份清单：即一个音色包",
    "Remove": "移除",
    "Remove the selected sounds from the list (saved files stay)": "从列表中移除选中的声音（已保存的文件不受影响）",
    "No sound model found": "未找到声音模型",
    " s": " 秒",
    "0 (the average sound)": "0（平均的声音）",
    "Next seeds": "后续种子",
    "Sounds": "数量",
    "How many sounds one job makes: 1 to 64 (sound i uses seed + i)": "一个任务生成多少个声音：1 到 64（第 i 个声音使用种子 + i）",
    "The length of each sound: 0.1 to 10 seconds": "每个声音的时长：0.1 到 10 秒",
    "How far from the average sound to go: 0 = the average sound, 1 = as varied as the training sounds, up to 2":
        "离平均声音有多远：0 = 平均的声音，1 = 与训练声音一样多变，最高 2",
    "Random: new seeds every time. Fixed: the seed in the box (same settings + same seed = same sounds). "
    "Reuse last: the last job's seed. Next seeds: the seeds after the last job's":
        "随机：每次使用新种子。固定：使用框中的种子（相同设置 + 相同种子 = 相同声音）。沿用上次：上一个任务的种子。"
        "后续种子：紧接上一个任务之后的种子",
    "New sounds": "新声音",
    "Variations": "变体",
    "Make new sounds close to the current one (as many as “Sounds”, as far as “Strength”)":
        "生成与当前声音相近的新声音（个数取“数量”，差异取“强度”）",
    "Morph": "渐变",
    "Select two sounds (Ctrl+click): make the steps from the upper one to the lower one":
        "选择两个声音（Ctrl+单击）：生成从上面一个到下面一个的过渡",
    "Encode a file…": "编码文件…",
    "Open a WAV, FLAC or OGG file: hear how the model rebuilds it, and variations of it "
    "(you can also drop the file on this panel)":
        "打开 WAV、FLAC 或 OGG 文件：听模型如何重建它及其变体（也可以把文件拖到此面板上）",
    "Strength": "强度",
    "How different variations are from their sound: 0 = the same, up to 2": "变体与原声音的差异：0 = 相同，最高 2",
    "Morph steps": "渐变步数",
    "How many sounds a morph makes, both ends included: 2 to 64": "一次渐变生成多少个声音（含两端）：2 到 64",
    "From the selected sounds": "基于选中的声音",
    "Directions": "方向",
    "The main ways the model's sounds differ (principal directions of its latent space). "
    "Moving a slider changes the current sound.":
        "模型声音之间最主要的差异方式（潜空间的主方向）。移动滑块会改变当前声音。",
    "Reset sliders": "重置滑块",
    "Back to the sound as it was made": "回到声音最初生成时的样子",
    "Direction %1": "方向 %1",
    "Move the current sound along principal direction %1 (in standard deviations of the training sounds)":
        "沿主方向 %1 移动当前声音（单位为训练声音的标准差）",
    "This model has no latent directions to explore.": "此模型没有可探索的潜空间方向。",
    "Select a sound to change it with the sliders.": "选择一个声音，再用滑块改变它。",
    "Wait for the sound to finish: the sliders change a finished sound.": "请等声音生成完毕：滑块只能改变已完成的声音。",

    # --- messages ---------------------------------------------------------------------------------------------
    "No sound model is installed yet: train one (aigc-studio train audio) or put a model folder in the models "
    "folder.": "尚未安装声音模型：请训练一个（aigc-studio train audio），或把模型文件夹放进模型目录。",
    "A sound job is already running: stop it or wait for it.": "已有一个声音任务在运行：请停止它或等待它完成。",
    "Select a finished sound first: variations start from its latent.": "请先选择一个已完成的声音：变体从它的潜变量出发。",
    "This sound was stopped before it was finished, so it has no latent to vary. Choose another one.":
        "这个声音在完成前被停止了，没有可变化的潜变量。请选择另一个。",
    "Select exactly two sounds (Ctrl+click) to morph between them.": "请恰好选择两个声音（Ctrl+单击），在它们之间渐变。",
    "Both sounds must be finished: a sound that was stopped has no latent.": "两个声音都必须已完成：被停止的声音没有潜变量。",
    "These sounds come from different models: a morph needs two sounds of the same model.":
        "这两个声音来自不同的模型：渐变需要同一模型的两个声音。",
    "Encode a sound file": "编码声音文件",
    "Sounds (*.wav *.flac *.ogg *.oga *.aif *.aiff);;All files (*)": "声音 (*.wav *.flac *.ogg *.oga *.aif *.aiff);;所有文件 (*)",
    "%1 is not a sound file the studio can encode (WAV, FLAC, OGG, AIFF).": "%1 不是工作室能编码的声音文件（WAV、FLAC、OGG、AIFF）。",
    "%1 does not exist or is not a file.": "%1 不存在或不是文件。",
    "These settings cannot be used.": "这些设置无法使用。",
    "Generating %1 sounds with %2 (seed %3)…": "正在用 %2 生成 %1 个声音（种子 %3）…",
    "Making %1 variations…": "正在生成 %1 个变体…",
    "Morphing in %1 steps…": "正在以 %1 步渐变…",
    "Encoding %1…": "正在编码 %1…",
    "Decoding the edited sound…": "正在解码修改后的声音…",
    "Sample · seed %1": "采样 · 种子 %1",
    "Variation %1": "变体 %1",
    "Morph %1 of %2": "渐变 %1/%2",
    "%1, rebuilt": "%1（重建）",
    "%1, variation %2": "%1（变体 %2）",
    "Edited sound": "修改后的声音",
    "Sound generation failed: %1": "声音生成失败：%1",
    "Done: select a sound to hear it; Ctrl+S saves it.": "完成：选择一个声音来试听；Ctrl+S 保存。",
    "%1 sounds": "%1 个声音",
    "edited": "已修改",
    "%1 s": "%1 秒",
    "%1 dB": "%1 dB",
    " (edited)": "（已修改）",
    " (stopped)": "（已停止）",
    "Model: %1": "模型：%1",
    "Seed: %1": "种子：%1",
    "Directions: %1": "方向：%1",
    "Saved: %1": "已保存：%1",
    "No sound selected.": "未选择声音。",
    "The sound changes when the running job has finished.": "正在运行的任务结束后，声音才会改变。",
    "Nothing to save yet: generate a sound and select it.": "还没有可保存的内容：请先生成并选择一个声音。",
    "This sound is still being made: wait for it, then save.": "这个声音仍在生成中：请等待完成后再保存。",
    "Not saved: %1 The sounds are still here; try again.": "未保存：%1 声音仍在这里，请重试。",
    "Nothing to export yet: generate some sounds first.": "还没有可导出的内容：请先生成一些声音。",
    "Export a sample pack to": "把音色包导出到",
    "Exported %1 sounds to %2": "已把 %1 个声音导出到 %2",
    "This is not a sound job's settings.": "这不是声音任务的设置。",

    # --- playback (ui/playback.py) ----------------------------------------------------------------------------
    "Playback is off: the sound library (PortAudio) is not installed. Everything else works.":
        "播放不可用：未安装声音库（PortAudio）。其他功能均正常。",
    "Playback stopped: the sound device stopped working. Check it is connected, then press Try again.":
        "播放已停止：声音设备停止工作。请检查设备是否连接，然后点击“重试”。",
    "Playback is off: no sound output device was found. Connect one and press Try again; everything else works.":
        "播放不可用：未找到声音输出设备。连接设备后点击“重试”；其他功能均正常。",
    "the stream was interrupted": "音频流被中断",
}
