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
        <translation>图像数</translation>
    </message>
    <message>
        <source>Sounds</source>
        <translation>数量</translation>
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
    <name>AudioPanel</name>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Generate new sounds with the settings on the right (Ctrl+Enter)</source>
        <translation>用右侧的设置生成新的声音（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop the job; the sounds made so far stay (Esc)</source>
        <translation>停止任务；已生成的声音会保留（Esc）</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Run the last job again — a new seed when the seed mode is Random (Ctrl+R)</source>
        <translation>再次运行上一个任务——种子模式为“随机”时换用新种子（Ctrl+R）</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Play the current sound through the sound card (double-click a row to play it)</source>
        <translation>通过声卡播放当前声音（双击某一行即可播放）</translation>
    </message>
    <message>
        <source>Loop</source>
        <translation>循环</translation>
    </message>
    <message>
        <source>Play the sound again and again until you stop it</source>
        <translation>反复播放，直到你停止</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Look for a sound output device again</source>
        <translation>重新查找声音输出设备</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>声音</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Peak</source>
        <translation>峰值</translation>
    </message>
    <message>
        <source>Pitch</source>
        <translation>音高</translation>
    </message>
    <message>
        <source>No sounds yet: press Generate, or drop a WAV, FLAC or OGG file here to hear how the model rebuilds it.</source>
        <translation>还没有声音：点击“生成”，或把 WAV、FLAC、OGG 文件拖到这里，听听模型如何重建它。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save the current sound with the settings that made it (Ctrl+S)</source>
        <translation>保存当前声音及生成它的设置（Ctrl+S）</translation>
    </message>
    <message>
        <source>The file format for Save and Export pack</source>
        <translation>“保存”和“导出音色包”使用的文件格式</translation>
    </message>
    <message>
        <source>Export pack…</source>
        <translation>导出音色包…</translation>
    </message>
    <message>
        <source>Write the selected sounds to a folder as numbered files with a manifest: a sample pack</source>
        <translation>把选中的声音写入一个文件夹，带编号的文件加一份清单：即一个音色包</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove the selected sounds from the list (saved files stay)</source>
        <translation>从列表中移除选中的声音（已保存的文件不受影响）</translation>
    </message>
    <message>
        <source>No sound model found</source>
        <translation>未找到声音模型</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>0 (the average sound)</source>
        <translation>0（平均的声音）</translation>
    </message>
    <message>
        <source>Next seeds</source>
        <translation>后续种子</translation>
    </message>
    <message>
        <source>Sounds</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>How many sounds one job makes: 1 to 64 (sound i uses seed + i)</source>
        <translation>一个任务生成多少个声音：1 到 64（第 i 个声音使用种子 + i）</translation>
    </message>
    <message>
        <source>The length of each sound: 0.1 to 10 seconds</source>
        <translation>每个声音的时长：0.1 到 10 秒</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>How far from the average sound to go: 0 = the average sound, 1 = as varied as the training sounds, up to 2</source>
        <translation>离平均声音有多远：0 = 平均的声音，1 = 与训练声音一样多变，最高 2</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Random: new seeds every time. Fixed: the seed in the box (same settings + same seed = same sounds). Reuse last: the last job's seed. Next seeds: the seeds after the last job's</source>
        <translation>随机：每次使用新种子。固定：使用框中的种子（相同设置 + 相同种子 = 相同声音）。沿用上次：上一个任务的种子。后续种子：紧接上一个任务之后的种子</translation>
    </message>
    <message>
        <source>New sounds</source>
        <translation>新声音</translation>
    </message>
    <message>
        <source>Variations</source>
        <translation>变体</translation>
    </message>
    <message>
        <source>Make new sounds close to the current one (as many as “Sounds”, as far as “Strength”)</source>
        <translation>生成与当前声音相近的新声音（个数取“数量”，差异取“强度”）</translation>
    </message>
    <message>
        <source>Morph</source>
        <translation>渐变</translation>
    </message>
    <message>
        <source>Select two sounds (Ctrl+click): make the steps from the upper one to the lower one</source>
        <translation>选择两个声音（Ctrl+单击）：生成从上面一个到下面一个的过渡</translation>
    </message>
    <message>
        <source>Encode a file…</source>
        <translation>编码文件…</translation>
    </message>
    <message>
        <source>Open a WAV, FLAC or OGG file: hear how the model rebuilds it, and variations of it (you can also drop the file on this panel)</source>
        <translation>打开 WAV、FLAC 或 OGG 文件：听模型如何重建它及其变体（也可以把文件拖到此面板上）</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>强度</translation>
    </message>
    <message>
        <source>How different variations are from their sound: 0 = the same, up to 2</source>
        <translation>变体与原声音的差异：0 = 相同，最高 2</translation>
    </message>
    <message>
        <source>Morph steps</source>
        <translation>渐变步数</translation>
    </message>
    <message>
        <source>How many sounds a morph makes, both ends included: 2 to 64</source>
        <translation>一次渐变生成多少个声音（含两端）：2 到 64</translation>
    </message>
    <message>
        <source>From the selected sounds</source>
        <translation>基于选中的声音</translation>
    </message>
    <message>
        <source>Directions</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>The main ways the model's sounds differ (principal directions of its latent space). Moving a slider changes the current sound.</source>
        <translation>模型声音之间最主要的差异方式（潜空间的主方向）。移动滑块会改变当前声音。</translation>
    </message>
    <message>
        <source>Reset sliders</source>
        <translation>重置滑块</translation>
    </message>
    <message>
        <source>Back to the sound as it was made</source>
        <translation>回到声音最初生成时的样子</translation>
    </message>
    <message>
        <source>No sound model is installed yet: train one (aigc-studio train audio) or put a model folder in the models folder.</source>
        <translation>尚未安装声音模型：请训练一个（aigc-studio train audio），或把模型文件夹放进模型目录。</translation>
    </message>
    <message>
        <source>A sound job is already running: stop it or wait for it.</source>
        <translation>已有一个声音任务在运行：请停止它或等待它完成。</translation>
    </message>
    <message>
        <source>Select a finished sound first: variations start from its latent.</source>
        <translation>请先选择一个已完成的声音：变体从它的潜变量出发。</translation>
    </message>
    <message>
        <source>This sound was stopped before it was finished, so it has no latent to vary. Choose another one.</source>
        <translation>这个声音在完成前被停止了，没有可变化的潜变量。请选择另一个。</translation>
    </message>
    <message>
        <source>Select exactly two sounds (Ctrl+click) to morph between them.</source>
        <translation>请恰好选择两个声音（Ctrl+单击），在它们之间渐变。</translation>
    </message>
    <message>
        <source>Both sounds must be finished: a sound that was stopped has no latent.</source>
        <translation>两个声音都必须已完成：被停止的声音没有潜变量。</translation>
    </message>
    <message>
        <source>These sounds come from different models: a morph needs two sounds of the same model.</source>
        <translation>这两个声音来自不同的模型：渐变需要同一模型的两个声音。</translation>
    </message>
    <message>
        <source>Encode a sound file</source>
        <translation>编码声音文件</translation>
    </message>
    <message>
        <source>Sounds (%1);;All files (*)</source>
        <translation>声音 (%1);;所有文件 (*)</translation>
    </message>
    <message>
        <source>%1 is not a sound file the studio can encode (WAV, FLAC, OGG, AIFF, MP3).</source>
        <translation>%1 不是工作室能编码的声音文件（WAV、FLAC、OGG、AIFF、MP3）。</translation>
    </message>
    <message>
        <source>%1 does not exist or is not a file.</source>
        <translation>%1 不存在或不是文件。</translation>
    </message>
    <message>
        <source>These settings cannot be used.</source>
        <translation>这些设置无法使用。</translation>
    </message>
    <message>
        <source>Queued: waiting for the engine…</source>
        <translation>已排队：正在等待引擎…</translation>
    </message>
    <message>
        <source>Generating %1 sounds with %2 (seed %3)…</source>
        <translation>正在用 %2 生成 %1 个声音（种子 %3）…</translation>
    </message>
    <message>
        <source>Making %1 variations…</source>
        <translation>正在生成 %1 个变体…</translation>
    </message>
    <message>
        <source>Morphing in %1 steps…</source>
        <translation>正在以 %1 步渐变…</translation>
    </message>
    <message>
        <source>Encoding %1…</source>
        <translation>正在编码 %1…</translation>
    </message>
    <message>
        <source>Decoding the edited sound…</source>
        <translation>正在解码修改后的声音…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Sample · seed %1</source>
        <translation>采样 · 种子 %1</translation>
    </message>
    <message>
        <source>Variation %1</source>
        <translation>变体 %1</translation>
    </message>
    <message>
        <source>Morph %1 of %2</source>
        <translation>渐变 %1/%2</translation>
    </message>
    <message>
        <source>%1, rebuilt</source>
        <translation>%1（重建）</translation>
    </message>
    <message>
        <source>%1, variation %2</source>
        <translation>%1（变体 %2）</translation>
    </message>
    <message>
        <source>Edited sound</source>
        <translation>修改后的声音</translation>
    </message>
    <message>
        <source>Sound generation failed: %1</source>
        <translation>声音生成失败：%1</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>Done: select a sound to hear it; Ctrl+S saves it.</source>
        <translation>完成：选择一个声音来试听；Ctrl+S 保存。</translation>
    </message>
    <message>
        <source>%1 sounds</source>
        <translation>%1 个声音</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>已修改</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
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
        <source>stopped by you</source>
        <translation>由你停止</translation>
    </message>
    <message>
        <source>%1 dB</source>
        <translation>%1 dB</translation>
    </message>
    <message>
        <source> (edited)</source>
        <translation>（已修改）</translation>
    </message>
    <message>
        <source> (stopped)</source>
        <translation>（已停止）</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source>Seed: %1</source>
        <translation>种子：%1</translation>
    </message>
    <message>
        <source>Directions: %1</source>
        <translation>方向：%1</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>已保存：%1</translation>
    </message>
    <message>
        <source>No sound selected.</source>
        <translation>未选择声音。</translation>
    </message>
    <message>
        <source>Direction %1</source>
        <translation>方向 %1</translation>
    </message>
    <message>
        <source>Move the current sound along principal direction %1 (in standard deviations of the training sounds)</source>
        <translation>沿主方向 %1 移动当前声音（单位为训练声音的标准差）</translation>
    </message>
    <message>
        <source>This model has no latent directions to explore.</source>
        <translation>此模型没有可探索的潜空间方向。</translation>
    </message>
    <message>
        <source>Select a sound to change it with the sliders.</source>
        <translation>选择一个声音，再用滑块改变它。</translation>
    </message>
    <message>
        <source>Wait for the sound to finish: the sliders change a finished sound.</source>
        <translation>请等声音生成完毕：滑块只能改变已完成的声音。</translation>
    </message>
    <message>
        <source>The sound changes when the running job has finished.</source>
        <translation>正在运行的任务结束后，声音才会改变。</translation>
    </message>
    <message>
        <source>Stop playing</source>
        <translation>停止播放</translation>
    </message>
    <message>
        <source>Nothing to save yet: generate a sound and select it.</source>
        <translation>还没有可保存的内容：请先生成并选择一个声音。</translation>
    </message>
    <message>
        <source>This sound is still being made: wait for it, then save.</source>
        <translation>这个声音仍在生成中：请等待完成后再保存。</translation>
    </message>
    <message>
        <source>Already saved: %1</source>
        <translation>已经保存过：%1</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Not saved: %1 The sounds are still here; try again.</source>
        <translation>未保存：%1 声音仍在这里，请重试。</translation>
    </message>
    <message>
        <source>Nothing to export yet: generate some sounds first.</source>
        <translation>还没有可导出的内容：请先生成一些声音。</translation>
    </message>
    <message>
        <source>Export a sample pack to</source>
        <translation>把音色包导出到</translation>
    </message>
    <message>
        <source>Exported %1 sounds to %2</source>
        <translation>已把 %1 个声音导出到 %2</translation>
    </message>
    <message>
        <source>This is not a sound job's settings.</source>
        <translation>这不是声音任务的设置。</translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <source>Choose a model.</source>
        <translation>请选择一个模型。</translation>
    </message>
    <message>
        <source>The seed must be between 0 and 4294967295.</source>
        <translation>种子必须在 0 到 4294967295 之间。</translation>
    </message>
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
        <source>Stop strings must not be empty.</source>
        <translation>停止字符串不能为空。</translation>
    </message>
    <message>
        <source>The number of results must be between 1 and 64.</source>
        <translation>数量必须在 1 到 64 之间。</translation>
    </message>
    <message>
        <source>The variation strength must be between 0 and 2.</source>
        <translation>变化强度必须在 0 到 2 之间。</translation>
    </message>
    <message>
        <source>The number of interpolation frames must be between 2 and 64.</source>
        <translation>插值步数必须在 2 到 64 之间。</translation>
    </message>
    <message>
        <source>Slider amounts must be at most 16 numbers between -10 and 10.</source>
        <translation>滑块数值最多 16 个，且须在 -10 到 10 之间。</translation>
    </message>
    <message>
        <source>Choose a file to encode.</source>
        <translation>请选择要编码的文件。</translation>
    </message>
    <message>
        <source>Truncation must be between 0 (the average image) and 2; 1 is off.</source>
        <translation>截断值必须在 0（平均图像）到 2 之间；1 = 关闭。</translation>
    </message>
    <message>
        <source>Best of N: N must be between 1 and 1024.</source>
        <translation>优中选优：N 必须在 1 到 1024 之间。</translation>
    </message>
    <message>
        <source>Best of N: keep at most N images.</source>
        <translation>优中选优：保留的图像数不能超过 N。</translation>
    </message>
    <message>
        <source>Select a image first.</source>
        <translation>请先选择一张图像。</translation>
    </message>
    <message>
        <source>Select two images to interpolate between.</source>
        <translation>请选择两张图像，在它们之间插值。</translation>
    </message>
    <message>
        <source>A stored image latent is damaged (not a list of finite numbers).</source>
        <translation>保存的图像潜向量已损坏（不是一组有限数值）。</translation>
    </message>
    <message>
        <source>The image latents must be a list of at most 64 vectors.</source>
        <translation>图像潜向量最多只能有 64 个。</translation>
    </message>
    <message>
        <source>The length must be between 0.1 and 10 seconds.</source>
        <translation>时长必须在 0.1 到 10 秒之间。</translation>
    </message>
    <message>
        <source>Temperature must be between 0 and 2.</source>
        <translation>温度必须在 0 到 2 之间。</translation>
    </message>
    <message>
        <source>Select a sound first.</source>
        <translation>请先选择一个声音。</translation>
    </message>
    <message>
        <source>Select two sounds to interpolate between.</source>
        <translation>请选择两个声音以在它们之间插值。</translation>
    </message>
    <message>
        <source>A stored sound latent is damaged (not a list of finite numbers).</source>
        <translation>保存的声音潜变量已损坏（不是有限数值的列表）。</translation>
    </message>
    <message>
        <source>The device must be auto, cuda, mps or cpu.</source>
        <translation>设备必须是 auto、cuda、mps 或 cpu。</translation>
    </message>
    <message>
        <source>A setting has a value of the wrong type ({error}).</source>
        <translation>有一项设置的值类型不对（{error}）。</translation>
    </message>
    <message>
        <source>This file does not hold AIGC Studio settings.</source>
        <translation>此文件不包含 AIGC Studio 设置。</translation>
    </message>
    <message>
        <source>The saved settings are incomplete ({error}).</source>
        <translation>保存的设置不完整（{error}）。</translation>
    </message>
    <message>
        <source>The saved settings are not valid JSON.</source>
        <translation>保存的设置不是有效的 JSON。</translation>
    </message>
    <message>
        <source>Unknown mode &apos;{mode}&apos;: one of {modes}.</source>
        <translation>未知模式“{mode}”：应为 {modes} 之一。</translation>
    </message>
    <message>
        <source>The sound latents must be a list of at most 64 vectors.</source>
        <translation>声音潜向量最多只能有 64 个。</translation>
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
        <source>%1 previews with %2 images arrived</source>
        <translation>收到 %1 次预览，共 %2 张图像</translation>
    </message>
    <message>
        <source>%1 images, %2% of their pixels visible</source>
        <translation>%1 张图像，%2% 的像素可见</translation>
    </message>
    <message>
        <source>%1 audio chunks arrived</source>
        <translation>收到 %1 个音频片段</translation>
    </message>
    <message>
        <source>%1 sounds, peak %2, RMS %3</source>
        <translation>%1 个声音，峰值 %2，均方根 %3</translation>
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
        <source>Runs a short text, image and audio job with the shipped models, saves each result to a temporary folder and reads it back, and measures how responsive the window stays. Nothing is kept.</source>
        <translation>用自带模型运行一个简短的文本、图像和音频任务，把每个结果保存到临时文件夹并读回，同时测量窗口的响应速度。不会保留任何文件。</translation>
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
        <source>Generating four images…</source>
        <translation>正在生成四张图像…</translation>
    </message>
    <message>
        <source>Generating two sounds…</source>
        <translation>正在生成两个声音…</translation>
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
    <name>ImageCanvas</name>
    <message>
        <source>seed %1</source>
        <translation>种子 %1</translation>
    </message>
    <message>
        <source>score %1</source>
        <translation>评分 %1</translation>
    </message>
</context>
<context>
    <name>ImagePanel</name>
    <message>
        <source>Fit</source>
        <translation>适合窗口</translation>
    </message>
    <message>
        <source>Show every image (key 0)</source>
        <translation>显示全部图像（按键 0）</translation>
    </message>
    <message>
        <source>100%</source>
        <translation>100%</translation>
    </message>
    <message>
        <source>Actual pixels (key 1)</source>
        <translation>实际像素（按键 1）</translation>
    </message>
    <message>
        <source>−</source>
        <translation>−</translation>
    </message>
    <message>
        <source>Zoom out (key −, or Ctrl + mouse wheel)</source>
        <translation>缩小（按键 −，或 Ctrl + 鼠标滚轮）</translation>
    </message>
    <message>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <source>Zoom in (key +, or Ctrl + mouse wheel)</source>
        <translation>放大（按键 +，或 Ctrl + 鼠标滚轮）</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Frame every image slot; from 800 % also the pixel grid</source>
        <translation>给每个图像位置加边框；放大到 800% 起还显示像素网格</translation>
    </message>
    <message>
        <source>Sort by score</source>
        <translation>按评分排序</translation>
    </message>
    <message>
        <source>Put the best-scored images first (Best of N)</source>
        <translation>把评分最高的图像排在前面（优中选优）</translation>
    </message>
    <message>
        <source>Select all</source>
        <translation>全选</translation>
    </message>
    <message>
        <source>Select every image on the canvas (Ctrl+A)</source>
        <translation>选中画布上的所有图像（Ctrl+A）</translation>
    </message>
    <message>
        <source>Clear canvas</source>
        <translation>清空画布</translation>
    </message>
    <message>
        <source>Remove every image from the canvas (saved files stay)</source>
        <translation>移除画布上的所有图像（已保存的文件不受影响）</translation>
    </message>
    <message>
        <source>%v / %m images</source>
        <translation>%v / %m 张图像</translation>
    </message>
    <message>
        <source>Ready. Generate a batch, or drop an image file on the canvas.</source>
        <translation>就绪。生成一批图像，或把图像文件拖到画布上。</translation>
    </message>
    <message>
        <source>No image model found</source>
        <translation>未找到图像模型</translation>
    </message>
    <message>
        <source>Use an image model folder (card.json + model.safetensors), for example one you trained</source>
        <translation>使用一个图像模型文件夹（card.json + model.safetensors），例如你自己训练的模型</translation>
    </message>
    <message>
        <source>Keep the best of</source>
        <translation>保留最佳，共抽取</translation>
    </message>
    <message>
        <source> drawn</source>
        <translation> 张</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像数</translation>
    </message>
    <message>
        <source>How many images to make: 1 to 64. With Best of N: how many of the best to keep</source>
        <translation>要生成多少张图像：1 到 64。使用优中选优时：保留多少张最佳图像</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Random: a new seed every time. Fixed: the seed in the box (same settings + same seed = same images). Reuse last: the seed of the last job. Last + 1: the next seed</source>
        <translation>随机：每次使用新种子。固定：使用框中的种子（相同设置 + 相同种子 = 相同图像）。沿用上次：使用上一个任务的种子。上次 + 1：使用下一个种子</translation>
    </message>
    <message>
        <source>Truncation</source>
        <translation>截断</translation>
    </message>
    <message>
        <source>GAN models: below 1 the images are more typical and cleaner, above 1 more varied and stranger; 1 = off</source>
        <translation>GAN 模型：小于 1 时图像更典型、更干净，大于 1 时更多样、更奇特；1 = 关闭</translation>
    </message>
    <message>
        <source>Best of N</source>
        <translation>优中选优</translation>
    </message>
    <message>
        <source>GAN models: draw N images, score each with the discriminator and keep the best (as many as Images); the score is shown under each image</source>
        <translation>GAN 模型：抽取 N 张图像，用判别器给每张打分，保留最好的几张（数量同“图像数”）；评分显示在每张图像下方</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Make a batch of images with these settings (Ctrl+Enter)</source>
        <translation>用这些设置生成一批图像（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop after the current batch; the images so far stay (Esc)</source>
        <translation>在当前这批完成后停止；已生成的图像会保留（Esc）</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Run the last job again — a new seed when the seed mode is Random (Ctrl+R)</source>
        <translation>再次运行上一个任务——种子模式为“随机”时换用新种子（Ctrl+R）</translation>
    </message>
    <message>
        <source> fps</source>
        <translation> 帧/秒</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>强度</translation>
    </message>
    <message>
        <source>How far variations may stray from the selected image: 0 = the same image, 2 = far</source>
        <translation>变体可以偏离所选图像多远：0 = 完全相同，2 = 相差很远</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>帧数</translation>
    </message>
    <message>
        <source>Images in an interpolation, both ends included: 2 to 64</source>
        <translation>插值中的图像数（含两端）：2 到 64</translation>
    </message>
    <message>
        <source>Animation</source>
        <translation>动画</translation>
    </message>
    <message>
        <source>Frames per second of an exported GIF or WebP animation</source>
        <translation>导出的 GIF 或 WebP 动画每秒的帧数</translation>
    </message>
    <message>
        <source>Variations</source>
        <translation>变体</translation>
    </message>
    <message>
        <source>Images close to the selected one (as many as Images, with the seed and the strength above)</source>
        <translation>生成与所选图像相近的图像（数量同“图像数”，使用上面的种子和强度）</translation>
    </message>
    <message>
        <source>Interpolate</source>
        <translation>插值</translation>
    </message>
    <message>
        <source>A row of frames from the first picked image to the second</source>
        <translation>从第一张选中的图像过渡到第二张的一排帧</translation>
    </message>
    <message>
        <source>Export strip…</source>
        <translation>导出序列…</translation>
    </message>
    <message>
        <source>Save the selected images (or the interpolation they belong to) as a sprite sheet PNG or an animated GIF or WebP</source>
        <translation>把所选图像（或它们所属的插值序列）保存为精灵图 PNG，或 GIF / WebP 动画</translation>
    </message>
    <message>
        <source>Explore the selection</source>
        <translation>探索所选图像</translation>
    </message>
    <message>
        <source>Reset sliders</source>
        <translation>重置滑块</translation>
    </message>
    <message>
        <source>Put every slider back to 0 and bring the image back</source>
        <translation>把所有滑块归零，并恢复原来的图像</translation>
    </message>
    <message>
        <source>Directions of variation</source>
        <translation>变化方向</translation>
    </message>
    <message>
        <source>The main ways the model's images differ (principal components). Drag a slider to move the selected image along one; it updates as you drag</source>
        <translation>模型图像之间最主要的差异方向（主成分）。拖动滑块即可让所选图像沿该方向变化，拖动时实时更新</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save the selected images — with none selected, those of the last job — as PNG files with their settings inside (Ctrl+S)</source>
        <translation>把所选图像（未选择时为上一个任务的图像）保存为内含生成设置的 PNG 文件（Ctrl+S）</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Write the selected images (with none selected: all of them) to a folder you choose</source>
        <translation>把所选图像（未选择时为全部图像）写入你选择的文件夹</translation>
    </message>
    <message>
        <source>Encode an image…</source>
        <translation>编码图像…</translation>
    </message>
    <message>
        <source>Open an image file for a VAE model to encode: the canvas shows its reconstruction and variations. You can also drop a file on the canvas</source>
        <translation>打开一个图像文件交给 VAE 模型编码：画布会显示它的重建结果和变体。也可以直接把文件拖到画布上</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>GAN</source>
        <translation>GAN</translation>
    </message>
    <message>
        <source>VAE</source>
        <translation>VAE</translation>
    </message>
    <message>
        <source>This folder holds a %1 model, not an image model.</source>
        <translation>这个文件夹里是%1模型，不是图像模型。</translation>
    </message>
    <message>
        <source>A GAN: truncation and Best of N apply; it cannot encode image files.</source>
        <translation>GAN 模型：可使用截断和优中选优；不能编码图像文件。</translation>
    </message>
    <message>
        <source>No image model is installed yet: use “Open model folder…” to choose one.</source>
        <translation>尚未安装图像模型：请用“打开模型文件夹…”选择一个。</translation>
    </message>
    <message>
        <source>An image job is already running: stop it or wait for it.</source>
        <translation>已有图像任务正在运行：请先停止或等待它完成。</translation>
    </message>
    <message>
        <source>Select one image (click it) to make variations of it.</source>
        <translation>请选择一张图像（单击它）来生成它的变体。</translation>
    </message>
    <message>
        <source>Select two images (click one, Ctrl+click the other) to interpolate between them.</source>
        <translation>请选择两张图像（单击一张，再按住 Ctrl 单击另一张），在它们之间插值。</translation>
    </message>
    <message>
        <source>Wait until the selected images are finished: their settings arrive with the end of the job.</source>
        <translation>请等所选图像生成完成：它们的设置会在任务结束时送达。</translation>
    </message>
    <message>
        <source>The two images come from different models: pick two made by the same model.</source>
        <translation>这两张图像来自不同的模型：请选择由同一个模型生成的两张。</translation>
    </message>
    <message>
        <source>%1 · best %2 of %3 · seed %4</source>
        <translation>%1 · %3 张中最佳 %2 张 · 种子 %4</translation>
    </message>
    <message>
        <source>%1 · variations · strength %2 · seed %3</source>
        <translation>%1 · 变体 · 强度 %2 · 种子 %3</translation>
    </message>
    <message>
        <source>%1 · interpolation · %2 frames</source>
        <translation>%1 · 插值 · %2 帧</translation>
    </message>
    <message>
        <source>%1 · encoded %2: reconstruction and variations</source>
        <translation>%1 · 编码 %2：重建与变体</translation>
    </message>
    <message>
        <source>%1 · from saved settings</source>
        <translation>%1 · 来自保存的设置</translation>
    </message>
    <message>
        <source>%1 · seed %2 · %3 images</source>
        <translation>%1 · 种子 %2 · %3 张图像</translation>
    </message>
    <message>
        <source>These settings cannot be used.</source>
        <translation>这些设置无法使用。</translation>
    </message>
    <message>
        <source>Queued: waiting for the engine…</source>
        <translation>已排队：正在等待引擎…</translation>
    </message>
    <message>
        <source>Generating %1 images with %2 (seed %3)…</source>
        <translation>正在用 %2 生成 %1 张图像（种子 %3）…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>The job failed.</source>
        <translation>任务失败。</translation>
    </message>
    <message>
        <source>Done: select images and press Ctrl+S to save them.</source>
        <translation>完成：选中图像后按 Ctrl+S 保存。</translation>
    </message>
    <message>
        <source>A VAE: it can encode image files dropped on the canvas; truncation brings new samples nearer the average image.</source>
        <translation>VAE 模型：可以编码拖到画布上的图像文件；截断让新样本更接近平均图像。</translation>
    </message>
    <message>
        <source>%1 images</source>
        <translation>%1 张图像</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation>种子 %1</translation>
    </message>
    <message>
        <source>device: %1</source>
        <translation>设备：%1</translation>
    </message>
    <message>
        <source>stopped by you</source>
        <translation>由你停止</translation>
    </message>
    <message>
        <source>Nothing selected: click an image (Ctrl+click or drag a box for more).</source>
        <translation>未选择图像：单击一张图像（按住 Ctrl 单击或拖出选框可多选）。</translation>
    </message>
    <message>
        <source>1 image selected.</source>
        <translation>已选择 1 张图像。</translation>
    </message>
    <message>
        <source>%1 images selected.</source>
        <translation>已选择 %1 张图像。</translation>
    </message>
    <message>
        <source>%1 selected</source>
        <translation>已选 %1 张</translation>
    </message>
    <message>
        <source>Canvas cleared. Saved files are not touched.</source>
        <translation>画布已清空。已保存的文件不受影响。</translation>
    </message>
    <message>
        <source>This model has no directions to explore.</source>
        <translation>这个模型没有可探索的方向。</translation>
    </message>
    <message>
        <source>Select one finished image to move it along the model's main directions.</source>
        <translation>选择一张已完成的图像，即可让它沿模型的主要方向变化。</translation>
    </message>
    <message>
        <source>Drag a slider: the selected image changes as you drag.</source>
        <translation>拖动滑块：所选图像会随之变化。</translation>
    </message>
    <message>
        <source>Direction %1: drag to move the selected image along it (−3 to +3)</source>
        <translation>方向 %1：拖动让所选图像沿它变化（−3 到 +3）</translation>
    </message>
    <message>
        <source>Direction %1</source>
        <translation>方向 %1</translation>
    </message>
    <message>
        <source>Several files were dropped: only the first one is used.</source>
        <translation>拖入了多个文件：只使用第一个。</translation>
    </message>
    <message>
        <source>Encode an image</source>
        <translation>编码图像</translation>
    </message>
    <message>
        <source>Images (%1);;All files (*)</source>
        <translation>图像 (%1);;所有文件 (*)</translation>
    </message>
    <message>
        <source>%1 is not a file.</source>
        <translation>%1 不是一个文件。</translation>
    </message>
    <message>
        <source>An image job is already running: stop it or wait for it, then drop the file again.</source>
        <translation>已有图像任务正在运行：请先停止或等待它完成，然后再拖入文件。</translation>
    </message>
    <message>
        <source>%1 holds the settings of a %2 job: open it with File › Open asset.</source>
        <translation>%1 保存的是%2任务的设置：请用“文件 › 打开素材”打开它。</translation>
    </message>
    <message>
        <source>Encoding an image needs a VAE image model, and none is installed. Use “Open model folder…” to add one.</source>
        <translation>编码图像需要 VAE 图像模型，但尚未安装。请用“打开模型文件夹…”添加一个。</translation>
    </message>
    <message>
        <source>Switched to %1: only a VAE model can encode an image.</source>
        <translation>已切换到 %1：只有 VAE 模型能编码图像。</translation>
    </message>
    <message>
        <source>Nothing to save yet: generate images, then select some.</source>
        <translation>还没有可保存的内容：请先生成图像，再选择要保存的。</translation>
    </message>
    <message>
        <source>Wait until the job has finished: the settings that make each image arrive at its end.</source>
        <translation>请等待任务完成：生成每张图像的设置会在任务结束时送达。</translation>
    </message>
    <message>
        <source>Not saved: %1 The images are still here; try again.</source>
        <translation>未保存：%1 图像仍在画布上，请再试一次。</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Saved %1 images in %2</source>
        <translation>已将 %1 张图像保存到 %2</translation>
    </message>
    <message>
        <source>(%1 still being made were left out.)</source>
        <translation>（%1 张仍在生成中，未保存。）</translation>
    </message>
    <message>
        <source>Export images to folder</source>
        <translation>把图像导出到文件夹</translation>
    </message>
    <message>
        <source>Nothing to export yet.</source>
        <translation>还没有可导出的内容。</translation>
    </message>
    <message>
        <source>Not exported: %1</source>
        <translation>未导出：%1</translation>
    </message>
    <message>
        <source>Exported %1 images to %2</source>
        <translation>已将 %1 张图像导出到 %2</translation>
    </message>
    <message>
        <source>Sprite sheet (*.png)</source>
        <translation>精灵图 (*.png)</translation>
    </message>
    <message>
        <source>Animated GIF (*.gif)</source>
        <translation>GIF 动画 (*.gif)</translation>
    </message>
    <message>
        <source>Animated WebP (*.webp)</source>
        <translation>WebP 动画 (*.webp)</translation>
    </message>
    <message>
        <source>Export strip</source>
        <translation>导出序列</translation>
    </message>
    <message>
        <source>Select two or more images, or an interpolation, to export a strip.</source>
        <translation>请选择两张或更多图像，或一个插值序列，再导出。</translation>
    </message>
    <message>
        <source>Exported %1 frames to %2</source>
        <translation>已将 %1 帧导出到 %2</translation>
    </message>
    <message>
        <source>This is not an image job's settings.</source>
        <translation>这不是图像任务的设置。</translation>
    </message>
    <message>
        <source>Settings restored; an image job is running: press Generate when it has finished.</source>
        <translation>设置已恢复；有图像任务正在运行：等它完成后再按“生成”。</translation>
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
    <name>JobPanel</name>
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
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>Open model folder</source>
        <translation>打开模型文件夹</translation>
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
        <source>Settings restored: making it again…</source>
        <translation>设置已恢复：正在重新生成…</translation>
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
        <source>%1 is not an AIGC Studio asset, a picture, a sound or a text file, so there is nothing to open.</source>
        <translation>%1 不是 AIGC Studio 素材、图片、声音或文本文件，无法打开。</translation>
    </message>
    <message>
        <source>Open asset</source>
        <translation>打开素材</translation>
    </message>
    <message>
        <source>Assets, pictures, sounds and text (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.wav *.flac *.ogg *.oga *.aif *.aiff *.txt *.md *.json);;All files (*)</source>
        <translation>素材、图片、声音和文本 (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.wav *.flac *.ogg *.oga *.aif *.aiff *.txt *.md *.json);;所有文件 (*)</translation>
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
    <name>ModelBox</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Open model folder…</source>
        <translation>打开模型文件夹…</translation>
    </message>
    <message>
        <source>%1 (not installed)</source>
        <translation>%1（未安装）</translation>
    </message>
    <message>
        <source>%1 (folder)</source>
        <translation>%1（文件夹）</translation>
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
    <message>
        <source>Check the settings: %1</source>
        <translation>请检查设置：%1</translation>
    </message>
</context>
<context>
    <name>Player</name>
    <message>
        <source>Playback is off: the sound library (PortAudio) is not installed. Everything else works.</source>
        <translation>播放不可用：未安装声音库（PortAudio）。其他功能均正常。</translation>
    </message>
    <message>
        <source>Playback stopped: the sound device stopped working. Check it is connected, then press Try again.</source>
        <translation>播放已停止：声音设备停止工作。请检查设备是否连接，然后点击“重试”。</translation>
    </message>
    <message>
        <source>Playback is off: no sound output device was found. Connect one and press Try again; everything else works.</source>
        <translation>播放不可用：未找到声音输出设备。连接设备后点击“重试”；其他功能均正常。</translation>
    </message>
    <message>
        <source>the stream was interrupted</source>
        <translation>音频流被中断</translation>
    </message>
</context>
<context>
    <name>SeedRow</name>
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
        <source>the shipped model folder aigc_studio/resources/models/%1 is not there yet (or unreadable): %2</source>
        <translation>自带模型文件夹 aigc_studio/resources/models/%1 尚不存在（或无法读取）：%2</translation>
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
        <source>Use a model folder: one of ours (card.json + model.safetensors) or a GPT-2 Hugging Face folder</source>
        <translation>使用一个模型文件夹：本工作室的格式（card.json + model.safetensors）或 GPT-2 的 Hugging Face 文件夹</translation>
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
        <source>This folder holds a %1 model, not a text model.</source>
        <translation>这个文件夹里是%1模型，不是文本模型。</translation>
    </message>
    <message>
        <source>This model: %1</source>
        <translation>此模型：%1</translation>
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