<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AssetTitles</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Truncation</source>
        <translation>截断</translation>
    </message>
    <message>
        <source>Variation strength</source>
        <translation>变化强度</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>帧数</translation>
    </message>
    <message>
        <source>Best of N</source>
        <translation>N 选优</translation>
    </message>
    <message>
        <source>Slider amounts</source>
        <translation>滑块数值</translation>
    </message>
    <message>
        <source>Latents</source>
        <translation>潜在向量</translation>
    </message>
    <message>
        <source>Source file</source>
        <translation>源文件</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Length (s)</source>
        <translation>时长（秒）</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Max new tokens</source>
        <translation>最多新词元数</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Repetition penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <source>Stop strings</source>
        <translation>停止字符串</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>体裁</translation>
    </message>
    <message>
        <source>Latent prior</source>
        <translation>潜空间先验</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>种类</translation>
    </message>
    <message>
        <source>new samples</source>
        <translation>新样本</translation>
    </message>
    <message>
        <source>variations</source>
        <translation>变体</translation>
    </message>
    <message>
        <source>blend</source>
        <translation>混合</translation>
    </message>
    <message>
        <source>edited with the sliders</source>
        <translation>用滑块编辑</translation>
    </message>
    <message>
        <source>encoded file</source>
        <translation>编码的文件</translation>
    </message>
    <message>
        <source>best of N</source>
        <translation>N 选优</translation>
    </message>
    <message>
        <source>free</source>
        <translation>自由</translation>
    </message>
    <message>
        <source>wuyan-jueju</source>
        <translation>五言绝句</translation>
    </message>
    <message>
        <source>qiyan-jueju</source>
        <translation>七言绝句</translation>
    </message>
    <message>
        <source>wuyan-lushi</source>
        <translation>五言律诗</translation>
    </message>
    <message>
        <source>qiyan-lushi</source>
        <translation>七言律诗</translation>
    </message>
    <message>
        <source>fitted to the training set</source>
        <translation>按训练集拟合</translation>
    </message>
    <message>
        <source>standard normal</source>
        <translation>标准正态</translation>
    </message>
    <message>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <source>Smileys &amp; Emotion</source>
        <translation>笑脸与情感</translation>
    </message>
    <message>
        <source>People &amp; Body</source>
        <translation>人物与身体</translation>
    </message>
    <message>
        <source>Animals &amp; Nature</source>
        <translation>动物与自然</translation>
    </message>
    <message>
        <source>Food &amp; Drink</source>
        <translation>食物与饮料</translation>
    </message>
    <message>
        <source>Travel &amp; Places</source>
        <translation>旅行与地点</translation>
    </message>
    <message>
        <source>Activities</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Objects</source>
        <translation>物品</translation>
    </message>
    <message>
        <source>Symbols</source>
        <translation>符号</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>旗帜</translation>
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
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Image · seed %1</source>
        <translation>图像 · 种子 %1</translation>
    </message>
    <message>
        <source>Sound · seed %1</source>
        <translation>声音 · 种子 %1</translation>
    </message>
    <message>
        <source>truncation %1</source>
        <translation>截断 %1</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>Best of %1 · seed %2</source>
        <translation>%1 选优 · 种子 %2</translation>
    </message>
    <message>
        <source>Variation of an image</source>
        <translation>图像的变体</translation>
    </message>
    <message>
        <source>Variation of a sound</source>
        <translation>声音的变体</translation>
    </message>
    <message>
        <source>strength %1</source>
        <translation>强度 %1</translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation>种子 %1</translation>
    </message>
    <message>
        <source>Blend of two images</source>
        <translation>两张图像的混合</translation>
    </message>
    <message>
        <source>Morph between two sounds</source>
        <translation>两个声音之间的渐变</translation>
    </message>
    <message>
        <source>Encoded picture “%1”</source>
        <translation>编码的图片“%1”</translation>
    </message>
    <message>
        <source>Encoded sound “%1”</source>
        <translation>编码的声音“%1”</translation>
    </message>
    <message>
        <source>Image edited with the sliders</source>
        <translation>用滑块编辑的图像</translation>
    </message>
    <message>
        <source>Sound edited with the sliders</source>
        <translation>用滑块编辑的声音</translation>
    </message>
    <message>
        <source>Image from a stored latent</source>
        <translation>由保存的潜在向量生成的图像</translation>
    </message>
    <message>
        <source>Sound from a stored latent</source>
        <translation>由保存的潜在向量生成的声音</translation>
    </message>
    <message>
        <source>%1 stored</source>
        <translation>已保存 %1 个</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Kind: %1</source>
        <translation>种类：%1</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>文件：%1</translation>
    </message>
    <message>
        <source>Made: %1</source>
        <translation>生成时间：%1</translation>
    </message>
</context>
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
        <source>Load this asset&apos;s settings into its panel (double-click)</source>
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
        <source>Copy the file&apos;s path to the clipboard</source>
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
        <source>Details…</source>
        <translation>详情…</translation>
    </message>
    <message>
        <source>Every setting this asset was made with</source>
        <translation>生成此作品所用的全部设置</translation>
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
        <source>Train on favourites</source>
        <translation>用收藏训练</translation>
    </message>
    <message>
        <source>Make the favourites of this kind a dataset and fine-tune a model on them in the Train tab</source>
        <translation>把这一类的收藏做成数据集，并在“训练”标签页中用它们微调模型</translation>
    </message>
    <message>
        <source>Reading the library…</source>
        <translation>正在读取素材库…</translation>
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
        <source>Not listed, their settings are damaged (%1 files): %2</source>
        <translation>未列出，其设置已损坏（%1 个文件）：%2</translation>
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
        <source>Loading the sound views…</source>
        <translation>正在载入波形和频谱视图…</translation>
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
        <source>The waveform and spectrogram cannot be shown: the plotting library (pyqtgraph) could not be loaded. Generating, playing and saving sounds still work.</source>
        <translation>无法显示波形和频谱：绘图库（pyqtgraph）载入失败。生成、播放和保存声音仍可正常使用。</translation>
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
        <source>Random: new seeds every time. Fixed: the seed in the box (same settings + same seed = same sounds). Reuse last: the last job&apos;s seed. Next seeds: the seeds after the last job&apos;s</source>
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
        <source>The main ways the model&apos;s sounds differ (principal directions of its latent space). Moving a slider changes the current sound.</source>
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
        <source>%1 sounds/s</source>
        <translation>%1 个声音/秒</translation>
    </message>
    <message>
        <source>Makes sounds of %1 s (the length of the sounds it learned): Length goes up to that.</source>
        <translation>生成 %1 秒的声音（它学习的声音就是这么长）：“长度”最多到此。</translation>
    </message>
    <message>
        <source>only its first %1 s is used</source>
        <translation>只使用前 %1 秒</translation>
    </message>
    <message>
        <source>its %1 channels are mixed to mono</source>
        <translation>%1 个声道被混合为单声道</translation>
    </message>
    <message>
        <source>it is resampled from %1 kHz to %2 kHz</source>
        <translation>从 %1 kHz 重采样为 %2 kHz</translation>
    </message>
    <message>
        <source>“%1” (%2 s): %3 — this model reads sounds of that length and kind.</source>
        <translation>“%1”（%2 秒）：%3——此模型读取的声音就是这种长度和格式。</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Queued after the running sound job (%1 waiting).</source>
        <translation>已排在正在运行的声音任务之后（%1 个等待中）。</translation>
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
        <source>This is not a sound job&apos;s settings.</source>
        <translation>这不是声音任务的设置。</translation>
    </message>
</context>
<context>
    <name>AugmentBox</name>
    <message>
        <source>Augmentation</source>
        <translation>数据增强</translation>
    </message>
    <message>
        <source>Mirror left-right</source>
        <translation>左右镜像</translation>
    </message>
    <message>
        <source>Crop and zoom (up to)</source>
        <translation>裁剪并放大（最多）</translation>
    </message>
    <message>
        <source>Brightness ±</source>
        <translation>亮度 ±</translation>
    </message>
    <message>
        <source>Contrast ±</source>
        <translation>对比度 ±</translation>
    </message>
    <message>
        <source>Saturation ±</source>
        <translation>饱和度 ±</translation>
    </message>
    <message>
        <source>Hue ± (turns)</source>
        <translation>色相 ±（圈）</translation>
    </message>
    <message>
        <source>Gain ± (dB)</source>
        <translation>增益 ±（dB）</translation>
    </message>
    <message>
        <source>Time shift ± (part of the clip)</source>
        <translation>时间平移 ±（占片段的比例）</translation>
    </message>
    <message>
        <source>Pitch ± (semitones)</source>
        <translation>音高 ±（半音）</translation>
    </message>
    <message>
        <source>Recommended</source>
        <translation>推荐设置</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Text is not augmented: changing words would change the style the model learns.</source>
        <translation>文本不做增强：改动字词会改变模型要学的风格。</translation>
    </message>
    <message>
        <source>Each training batch is varied at random by these amounts; your files are not changed.</source>
        <translation>每个训练批次按这些幅度随机变化；你的文件不会被修改。</translation>
    </message>
    <message>
        <source>Scan a folder first: the preview uses one of its files.</source>
        <translation>请先扫描文件夹：预览使用其中的一个文件。</translation>
    </message>
    <message>
        <source>Eight random versions of one file, as training may see it.</source>
        <translation>同一文件的八个随机版本，即训练时可能看到的样子。</translation>
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
        <source>The form must be free, auto, wuyan-jueju, qiyan-jueju, wuyan-lushi or qiyan-lushi.</source>
        <translation>诗体必须是 free、auto、wuyan-jueju、qiyan-jueju、wuyan-lushi 或 qiyan-lushi 之一。</translation>
    </message>
    <message>
        <source>The prompt&apos;s verse &quot;{verse}&quot; has {n} characters; the form {form} needs {want} a verse. Choose another form (or Free).</source>
        <translation>提示中的诗句“{verse}”有 {n} 个字；{form} 每句需要 {want} 个字。请换一种诗体（或选“自由”）。</translation>
    </message>
    <message>
        <source>The prompt already has more verses than the form {form} allows ({verses}): shorten the prompt, or choose another form (or Free).</source>
        <translation>提示词的诗句已多于{form}允许的句数（{verses}）：请缩短提示词，或选择其他体裁（或“自由”）。</translation>
    </message>
    <message>
        <source>The prompt&apos;s verse &quot;{verse}&quot; ends with &quot;{got}&quot; where the form needs &quot;{want}&quot; (，after odd verses, 。after even ones).</source>
        <translation>提示中的诗句“{verse}”以“{got}”结尾，而此处诗体需要“{want}”（奇数句后用，，偶数句后用。）。</translation>
    </message>
    <message>
        <source>The prompt&apos;s first line has more than 7 characters before its punctuation: it is not a 5- or 7-character verse.</source>
        <translation>提示的第一行在标点前超过 7 个字：不是五言或七言诗句。</translation>
    </message>
    <message>
        <source>The model {model} does not write regular Chinese poems: choose the form Free.</source>
        <translation>模型 {model} 不写格律诗：请选择“自由”诗体。</translation>
    </message>
    <message>
        <source>The latent prior must be fitted or standard.</source>
        <translation>潜空间先验必须是 fitted（拟合）或 standard（标准）。</translation>
    </message>
    <message>
        <source>The model&apos;s fitted latent prior ({file}) could not be used ({error}): new samples come from the standard normal N(0, I).</source>
        <translation>无法使用模型拟合的潜空间先验（{file}）（{error}）：新样本改从标准正态分布 N(0, I) 采样。</translation>
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
        <source>The category must be “any” or one word naming a category, such as “animals”.</source>
        <translation>类别必须是“any”，或一个表示类别的英文单词，例如“animals”。</translation>
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
        <source>The settings in “{name}” cannot be restored: {problems}</source>
        <translation>无法恢复“{name}”中的设置：{problems}</translation>
    </message>
    <message>
        <source>“{name}” asks to read another file on this computer, {source}. The studio reads it only if you confirm.</source>
        <translation>“{name}”要求读取这台电脑上的另一个文件：{source}。只有在您确认后，工作室才会读取它。</translation>
    </message>
    <message>
        <source>The model “{model}” is damaged: its weights hold invalid numbers (NaN or infinite), so it cannot generate. Reinstall it, or train it again.</source>
        <translation>模型“{model}”已损坏：其权重含有无效数值（NaN 或无穷大），无法生成。请重新安装或重新训练它。</translation>
    </message>
    <message>
        <source>The model “{model}” is damaged: it produced invalid numbers (NaN or infinite) instead of {what}. Nothing from it was shown or saved. Reinstall it, or train it again.</source>
        <translation>模型“{model}”已损坏：它生成的是无效数值（NaN 或无穷大），而不是{what}。其结果既未显示也未保存。请重新安装或重新训练它。</translation>
    </message>
    <message>
        <source>The new name is empty: type a name for the model.</source>
        <translation>新名称为空：请为模型输入一个名称。</translation>
    </message>
    <message>
        <source>The name is too long: at most {max} characters.</source>
        <translation>名称太长：最多 {max} 个字符。</translation>
    </message>
    <message>
        <source>Choose a file to export to.</source>
        <translation>请选择要导出到的文件。</translation>
    </message>
    <message>
        <source>Choose the .zip file of an exported model.</source>
        <translation>请选择导出模型的 .zip 文件。</translation>
    </message>
    <message>
        <source>On a taken id: rename or refuse.</source>
        <translation>ID 已被占用时：重命名或拒绝。</translation>
    </message>
    <message>
        <source>There is no size preset {name} for this model: choose one of {names}.</source>
        <translation>此模型没有规模预设 {name}：请从 {names} 中选择一个。</translation>
    </message>
    <message>
        <source>The text model must be gpt or lstm.</source>
        <translation>文本模型必须是 gpt 或 lstm。</translation>
    </message>
    <message>
        <source>The LSTM size is out of range (layers 1-8, width 8-4096).</source>
        <translation>LSTM 规模超出范围（层数 1-8，宽度 8-4096）。</translation>
    </message>
    <message>
        <source>DiffAugment must be on, off or auto, with a policy made of color, translation and cutout.</source>
        <translation>DiffAugment 必须为开、关或自动，策略由 color、translation 和 cutout 组成。</translation>
    </message>
    <message>
        <source>Loading the model</source>
        <translation>正在加载模型</translation>
    </message>
    <message>
        <source>Generating</source>
        <translation>正在生成</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>{done}/{total} images</source>
        <translation>{done}/{total} 张图像</translation>
    </message>
    <message>
        <source>judged {done}/{total}</source>
        <translation>已评分 {done}/{total}</translation>
    </message>
    <message>
        <source>CPU — {reason}</source>
        <translation>CPU — {reason}</translation>
    </message>
    <message>
        <source>no CUDA device found</source>
        <translation>未找到 CUDA 设备</translation>
    </message>
    <message>
        <source>chosen in Settings</source>
        <translation>在设置中选择</translation>
    </message>
    <message>
        <source>CUDA was requested but is not available</source>
        <translation>已要求使用 CUDA，但它不可用</translation>
    </message>
    <message>
        <source>MPS was requested but is not available</source>
        <translation>已要求使用 MPS，但它不可用</translation>
    </message>
    <message>
        <source>{reason} (the device setting “{pref}” is unknown)</source>
        <translation>{reason}（设备设置“{pref}”无法识别）</translation>
    </message>
    <message>
        <source>CUDA — {name} (chosen in Settings)</source>
        <translation>CUDA — {name}（在设置中选择）</translation>
    </message>
    <message>
        <source>CUDA — {name}</source>
        <translation>CUDA — {name}</translation>
    </message>
    <message>
        <source>MPS — Apple GPU (chosen in Settings)</source>
        <translation>MPS — Apple GPU（在设置中选择）</translation>
    </message>
    <message>
        <source>MPS — Apple GPU</source>
        <translation>MPS — Apple GPU</translation>
    </message>
    <message>
        <source>reconstruction</source>
        <translation>重建</translation>
    </message>
    <message>
        <source>variation {n}</source>
        <translation>变体 {n}</translation>
    </message>
    <message>
        <source>frame {i}/{n}</source>
        <translation>第 {i}/{n} 帧</translation>
    </message>
    <message>
        <source>score {score}</source>
        <translation>得分 {score}</translation>
    </message>
    <message>
        <source>“{name}” was not found.</source>
        <translation>找不到“{name}”。</translation>
    </message>
    <message>
        <source>“{name}” is a folder, not an image.</source>
        <translation>“{name}”是文件夹，不是图像。</translation>
    </message>
    <message>
        <source>“{name}” cannot be read: permission denied.</source>
        <translation>无法读取“{name}”：没有权限。</translation>
    </message>
    <message>
        <source>“{name}” is empty (0 bytes), not an image.</source>
        <translation>“{name}”是空文件（0 字节），不是图像。</translation>
    </message>
    <message>
        <source>“{name}” is a ZIP archive (or a document packed as one), not an image.</source>
        <translation>“{name}”是 ZIP 压缩包（或以此打包的文档），不是图像。</translation>
    </message>
    <message>
        <source>“{name}” is a PDF document, not an image.</source>
        <translation>“{name}”是 PDF 文档，不是图像。</translation>
    </message>
    <message>
        <source>“{name}” is a text file, not an image.</source>
        <translation>“{name}”是文本文件，不是图像。</translation>
    </message>
    <message>
        <source>“{name}” is a HEIC photo, which the studio cannot read. Export it as JPEG or PNG first.</source>
        <translation>“{name}”是 HEIC 照片，本工作室无法读取。请先导出为 JPEG 或 PNG。</translation>
    </message>
    <message>
        <source>“{name}” is a vector drawing (SVG/XML), not a bitmap. Export it as PNG first.</source>
        <translation>“{name}”是矢量图（SVG/XML），不是位图。请先导出为 PNG。</translation>
    </message>
    <message>
        <source>“{name}” is not an image the studio can open: it reads {formats} files.</source>
        <translation>“{name}”不是本工作室能打开的图像：支持的格式为 {formats}。</translation>
    </message>
    <message>
        <source>“{name}” is a folder, not a saved file.</source>
        <translation>“{name}”是文件夹，不是已保存的文件。</translation>
    </message>
    <message>
        <source>“{name}” is a folder, not a text file.</source>
        <translation>“{name}”是文件夹，不是文本文件。</translation>
    </message>
    <message>
        <source>“{name}” is not a readable PNG image.</source>
        <translation>“{name}”不是可读取的 PNG 图像。</translation>
    </message>
    <message>
        <source>“{name}” is not a text file (it contains binary data).</source>
        <translation>“{name}”不是文本文件（含有二进制数据）。</translation>
    </message>
    <message>
        <source>“{name}” is not UTF-8 text (an unreadable byte at position {pos}). Save it as UTF-8 in a text editor and try again.</source>
        <translation>“{name}”不是 UTF-8 文本（位置 {pos} 处有无法读取的字节）。请在文本编辑器中另存为 UTF-8 后重试。</translation>
    </message>
    <message>
        <source>“{name}” is not a saved asset.</source>
        <translation>“{name}”不是已保存的作品。</translation>
    </message>
    <message>
        <source>{name} is silent (its loudest sample is below -80 dBFS).</source>
        <translation>{name} 是静音（最响的采样低于 -80 dBFS）。</translation>
    </message>
    <message>
        <source>{name} has no sample rate or no channels: it is damaged.</source>
        <translation>{name} 没有采样率或声道：文件已损坏。</translation>
    </message>
    <message>
        <source>There are no sounds to export: make or select some first.</source>
        <translation>没有可导出的声音：请先生成或选择一些。</translation>
    </message>
    <message>
        <source>“{name}” is not an image model: choose one of the image models.</source>
        <translation>“{name}”不是图像模型：请选择一个图像模型。</translation>
    </message>
    <message>
        <source>The model {name} cannot read this prompt (it gives no tokens).</source>
        <translation>模型 {name} 无法读取这个提示（得不到任何词元）。</translation>
    </message>
    <message>
        <source>The model {name} is incomplete: it has no {file}.</source>
        <translation>模型 {name} 不完整：缺少 {file}。</translation>
    </message>
    <message>
        <source>{name} is a file; choose the model&apos;s folder instead.</source>
        <translation>{name} 是文件；请改选模型所在的文件夹。</translation>
    </message>
    <message>
        <source>{name} is not an AIGC Studio model: it has no {file}.</source>
        <translation>{name} 不是 AIGC Studio 模型：缺少 {file}。</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>正在导出</translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>正在导入</translation>
    </message>
    <message>
        <source>Checking the model</source>
        <translation>正在检查模型</translation>
    </message>
    <message>
        <source>{id} is shipped with the studio: it cannot be renamed or deleted. Only your own models (trained or imported) can be.</source>
        <translation>{id} 是工作室自带的模型：不能重命名或删除。只有你自己的模型（训练或导入的）可以。</translation>
    </message>
    <message>
        <source>{id} is not in your models folder ({folder}): only your own models (trained or imported) can be renamed or deleted.</source>
        <translation>{id} 不在你的模型文件夹（{folder}）中：只有你自己的模型（训练或导入的）可以重命名或删除。</translation>
    </message>
    <message>
        <source>The name holds control characters: type it again.</source>
        <translation>名称包含控制字符：请重新输入。</translation>
    </message>
    <message>
        <source>{id} is not an AIGC Studio model folder (a Hugging Face folder cannot be exported as a studio model).</source>
        <translation>{id} 不是 AIGC Studio 模型文件夹（Hugging Face 文件夹不能作为工作室模型导出）。</translation>
    </message>
    <message>
        <source>{path} is a folder: choose a file name for the export.</source>
        <translation>{path} 是一个文件夹：请为导出选择一个文件名。</translation>
    </message>
    <message>
        <source>{path} already exists: choose another file name.</source>
        <translation>{path} 已存在：请选择其他文件名。</translation>
    </message>
    <message>
        <source>There is no file at {path}.</source>
        <translation>{path} 处没有文件。</translation>
    </message>
    <message>
        <source>{path} is a folder: choose the .zip file of an exported model.</source>
        <translation>{path} 是一个文件夹：请选择导出模型的 .zip 文件。</translation>
    </message>
    <message>
        <source>{name} is a pickle file. Pickle files can run code when opened, so the studio refuses them.</source>
        <translation>{name} 是 pickle 文件。pickle 文件在打开时可以运行代码，因此工作室拒绝使用。</translation>
    </message>
    <message>
        <source>The disk is full: the model needs {need} MB and {free} MB are free. Nothing was imported.</source>
        <translation>磁盘已满：模型需要 {need} MB，可用空间为 {free} MB。没有导入任何内容。</translation>
    </message>
    <message>
        <source>A model with the id {id} is already installed: delete or rename it first, or import it as a copy.</source>
        <translation>ID 为 {id} 的模型已经安装：请先删除或重命名它，或将其作为副本导入。</translation>
    </message>
    <message>
        <source>A model folder {id} appeared while importing: try again.</source>
        <translation>导入期间出现了模型文件夹 {id}：请重试。</translation>
    </message>
    <message>
        <source>{name} does not hold a working model: {error}</source>
        <translation>{name} 中没有可用的模型：{error}</translation>
    </message>
    <message>
        <source>its configuration cannot be built ({error}).</source>
        <translation>其配置无法构建（{error}）。</translation>
    </message>
    <message>
        <source>its card describes {n} numbers, more than its weights file holds.</source>
        <translation>其模型卡描述了 {n} 个数值，多于权重文件所含的数量。</translation>
    </message>
    <message>
        <source>{name} is not a model the studio can import: {why}.</source>
        <translation>{name} 不是工作室可以导入的模型：{why}。</translation>
    </message>
    <message>
        <source>it is not a readable .zip file</source>
        <translation>它不是可读取的 .zip 文件</translation>
    </message>
    <message>
        <source>the entry {entry} has an unsafe path</source>
        <translation>条目 {entry} 的路径不安全</translation>
    </message>
    <message>
        <source>the entry {entry} is nested in more than one folder</source>
        <translation>条目 {entry} 嵌套在多层文件夹中</translation>
    </message>
    <message>
        <source>the entry {entry} is a link or a special file</source>
        <translation>条目 {entry} 是链接或特殊文件</translation>
    </message>
    <message>
        <source>the entry {entry} is encrypted</source>
        <translation>条目 {entry} 已加密</translation>
    </message>
    <message>
        <source>it holds {n} entries (a model has at most 4 files)</source>
        <translation>它包含 {n} 个条目（一个模型最多有 4 个文件）</translation>
    </message>
    <message>
        <source>it holds {file} twice</source>
        <translation>它包含两个 {file}</translation>
    </message>
    <message>
        <source>{file} is compressed with a method the studio does not read</source>
        <translation>{file} 使用了工作室无法读取的压缩方式</translation>
    </message>
    <message>
        <source>{file} is too large ({size} bytes; at most {max})</source>
        <translation>{file} 太大（{size} 字节；最多 {max}）</translation>
    </message>
    <message>
        <source>{file} is compressed {ratio} times (a zip bomb?)</source>
        <translation>{file} 被压缩了 {ratio} 倍（压缩炸弹？）</translation>
    </message>
    <message>
        <source>it holds pickle files ({names}). Pickle files can run code when opened, so the studio refuses them</source>
        <translation>它包含 pickle 文件（{names}）。pickle 文件在打开时可以运行代码，因此工作室拒绝使用</translation>
    </message>
    <message>
        <source>it holds files a model does not have ({names})</source>
        <translation>它包含模型不应有的文件（{names}）</translation>
    </message>
    <message>
        <source>its files are spread over several folders</source>
        <translation>它的文件分散在多个文件夹中</translation>
    </message>
    <message>
        <source>it has no {file}</source>
        <translation>它没有 {file}</translation>
    </message>
    <message>
        <source>its {file} is not valid JSON</source>
        <translation>它的 {file} 不是有效的 JSON</translation>
    </message>
    <message>
        <source>its {file} is damaged</source>
        <translation>它的 {file} 已损坏</translation>
    </message>
    <message>
        <source>it is a text model without {file}</source>
        <translation>它是缺少 {file} 的文本模型</translation>
    </message>
    <message>
        <source>its {file} is not an AIGC Studio model card</source>
        <translation>它的 {file} 不是 AIGC Studio 模型卡</translation>
    </message>
    <message>
        <source>its {file} lacks &apos;{key}&apos;</source>
        <translation>它的 {file} 缺少“{key}”</translation>
    </message>
    <message>
        <source>it is a model of an unknown kind ({kind}, {architecture})</source>
        <translation>它是未知类型的模型（{kind}，{architecture}）</translation>
    </message>
    <message>
        <source>its {file} has no configuration</source>
        <translation>它的 {file} 没有配置</translation>
    </message>
    <message>
        <source>its id {id} cannot be a folder name</source>
        <translation>它的 ID {id} 不能用作文件夹名</translation>
    </message>
    <message>
        <source>its name is not text</source>
        <translation>它的名称不是文本</translation>
    </message>
    <message>
        <source>{file} is not a safetensors file (too short)</source>
        <translation>{file} 不是 safetensors 文件（太短）</translation>
    </message>
    <message>
        <source>{file} is not a safetensors file (a damaged header)</source>
        <translation>{file} 不是 safetensors 文件（文件头已损坏）</translation>
    </message>
    <message>
        <source>{file} is damaged (the tensor {name} lies outside the file)</source>
        <translation>{file} 已损坏（张量 {name} 超出了文件范围）</translation>
    </message>
    <message>
        <source>{file} holds no tensors</source>
        <translation>{file} 不含任何张量</translation>
    </message>
    <message>
        <source>{file} is larger than it says (a zip bomb?)</source>
        <translation>{file} 比声明的更大（压缩炸弹？）</translation>
    </message>
    <message>
        <source>{file} is truncated</source>
        <translation>{file} 被截断</translation>
    </message>
    <message>
        <source>it is damaged ({error})</source>
        <translation>它已损坏（{error}）</translation>
    </message>
    <message>
        <source>Choose the held-out data to evaluate against.</source>
        <translation>请选择用于评估的留出数据。</translation>
    </message>
    <message>
        <source>The number of samples must be between 2 and {max}.</source>
        <translation>样本数必须在 2 到 {max} 之间。</translation>
    </message>
    <message>
        <source>There is nothing to evaluate against in {path}: it holds no {what}.</source>
        <translation>{path} 中没有可用于评估的内容：其中没有{what}。</translation>
    </message>
    <message>
        <source>The evaluation data {path} does not exist.</source>
        <translation>评估数据 {path} 不存在。</translation>
    </message>
    <message>
        <source>{path} holds {found}, not the {what} this model is evaluated against.</source>
        <translation>{path} 中是{found}，不是评估这个模型所需的{what}。</translation>
    </message>
    <message>
        <source>{model} cannot be evaluated: the studio evaluates text, image and audio models.</source>
        <translation>无法评估 {model}：工作室只评估文本、图像和音频模型。</translation>
    </message>
    <message>
        <source>FID needs at least {minimum} images in each set ({dimensions} feature dimensions); there are {count}. KID is given instead (it suits small sets).</source>
        <translation>FID 需要每组至少 {minimum} 张图像（特征维数为 {dimensions}）；现在只有 {count} 张。改为给出 KID（它适合小数据集）。</translation>
    </message>
    <message>
        <source>KID needs at least 2 images in each set; there are {count}.</source>
        <translation>KID 需要每组至少 2 张图像；现在只有 {count} 张。</translation>
    </message>
    <message>
        <source>No training images were found ({why}): the memorisation check was left out.</source>
        <translation>未找到训练图像（{why}）：已跳过记忆检查。</translation>
    </message>
    <message>
        <source>Skipped {what}.</source>
        <translation>已跳过 {what}。</translation>
    </message>
    <message>
        <source>The held-out text is too short to measure ({tokens} tokens; at least 2 are needed).</source>
        <translation>留出文本太短，无法测量（{tokens} 个词元；至少需要 2 个）。</translation>
    </message>
    <message>
        <source>Loading {name}…</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <source>Drawing samples: {done}/{total}</source>
        <translation>正在生成样本：{done}/{total}</translation>
    </message>
    <message>
        <source>Reading the held-out pictures…</source>
        <translation>正在读取留出图像…</translation>
    </message>
    <message>
        <source>Reading the training pictures…</source>
        <translation>正在读取训练图像…</translation>
    </message>
    <message>
        <source>Measuring FID, KID, memorisation and diversity…</source>
        <translation>正在测量 FID、KID、记忆程度和多样性…</translation>
    </message>
    <message>
        <source>None of the held-out pictures could be read.</source>
        <translation>留出图像一张也读不出来。</translation>
    </message>
    <message>
        <source>At least 2 samples are needed to evaluate an image model.</source>
        <translation>评估图像模型至少需要 2 个样本。</translation>
    </message>
    <message>
        <source>Encoding the held-out text…</source>
        <translation>正在编码留出文本…</translation>
    </message>
    <message>
        <source>Measuring the held-out loss…</source>
        <translation>正在测量留出损失…</translation>
    </message>
    <message>
        <source>There is no readable held-out text to evaluate against.</source>
        <translation>没有可读的留出文本可用于评估。</translation>
    </message>
    <message>
        <source>Reading the held-out sounds…</source>
        <translation>正在读取留出声音…</translation>
    </message>
    <message>
        <source>Measuring the held-out log-spectral distance…</source>
        <translation>正在测量留出对数谱距离…</translation>
    </message>
    <message>
        <source>None of the held-out sounds could be read.</source>
        <translation>留出声音一个也读不出来。</translation>
    </message>
    <message>
        <source>Evaluating the new model against the held-out data…</source>
        <translation>正在用留出数据评估新模型…</translation>
    </message>
    <message>
        <source>Nothing was held out of this small data set: the evaluation figures are measured on the training data and flatter the model.</source>
        <translation>这个小数据集没有留出任何部分：评估数据是在训练数据上测得的，会高估模型。</translation>
    </message>
    <message>
        <source>The model was saved, but evaluating it failed: {error}</source>
        <translation>模型已保存，但评估失败：{error}</translation>
    </message>
    <message>
        <source>Evaluation (written into the model card): {figures}</source>
        <translation>评估结果（已写入模型卡）：{figures}</translation>
    </message>
    <message>
        <source>Stopped and saved: the model was not evaluated (evaluate it from the Train tab or with aigc-studio eval).</source>
        <translation>已停止并保存：模型未评估（可在“训练”标签页或用 aigc-studio eval 评估）。</translation>
    </message>
    <message>
        <source>The figures could not be written into the model card ({error}); they are shown here only.</source>
        <translation>评估数据无法写入模型卡（{error}）；仅在此处显示。</translation>
    </message>
    <message>
        <source>The image feature network is missing ({folder}); reinstall the studio or rebuild it with scripts/train/train_feature_net.sh.</source>
        <translation>缺少图像特征网络（{folder}）；请重新安装工作室，或用 scripts/train/train_feature_net.sh 重新构建。</translation>
    </message>
    <message>
        <source>Training on {device} ({hardware}).</source>
        <translation>在 {device} 上训练（{hardware}）。</translation>
    </message>
    <message>
        <source>Training on {device} ({hardware}), {processes} processes.</source>
        <translation>在 {device} 上训练（{hardware}），共 {processes} 个进程。</translation>
    </message>
    <message>
        <source>Training stopped: the {figure} became {value} at step {step}, so the model stopped learning. Lower the learning rate (now {lr}). The last good checkpoint (step {saved}) in {run_dir} is kept: train again with a lower learning rate and it resumes from there.</source>
        <translation>训练已停止：第 {step} 步时 {figure} 变成了 {value}，模型已无法继续学习。请降低学习率（当前为 {lr}）。{run_dir} 中最后一个正常的检查点（第 {saved} 步）已保留：用更低的学习率重新训练，将从那里继续。</translation>
    </message>
    <message>
        <source>Training stopped: the {figure} became {value} at step {step}, so the model stopped learning. Lower the learning rate (now {lr}) and train again: nothing was saved.</source>
        <translation>训练已停止：第 {step} 步时 {figure} 变成了 {value}，模型已无法继续学习。请降低学习率（当前为 {lr}）后重新训练：没有保存任何内容。</translation>
    </message>
    <message>
        <source>The data is too small to keep a part out for evaluation ({count} items): the held-out figures are measured on training data.</source>
        <translation>数据太少，无法留出一部分用于评估（{count} 项）：留出集指标是在训练数据上测得的。</translation>
    </message>
    <message>
        <source>The data has {count} {unit}, too few for the size {preset} (it suits {min} or more): the model may learn it by heart. The size {recommended} suits this data better.</source>
        <translation>数据只有 {count} {unit}，对规模 {preset} 来说太少（它适合 {min} 或更多）：模型可能会死记硬背。规模 {recommended} 更适合这些数据。</translation>
    </message>
    <message>
        <source>The data has {count} {unit}, too few even for the smallest size {preset} (it suits {min} or more): the model will learn it by heart. Add more data if you can.</source>
        <translation>数据只有 {count} {unit}，即使对最小的规模 {preset} 也太少（它适合 {min} 或更多）：模型会死记硬背。如有可能请添加更多数据。</translation>
    </message>
    <message>
        <source>{count} characters of the training text ({distinct} different: {shown}) are not in the vocabulary of {model}: they become {unk} (unknown) in training, and the model cannot write them.</source>
        <translation>训练文本中有 {count} 个字符（{distinct} 种：{shown}）不在 {model} 的词表中：训练时它们会变成 {unk}（未知），模型也无法写出它们。</translation>
    </message>
    <message>
        <source>Another training is writing to {run_dir} (process {pid}): wait for it to end, or train into another folder.</source>
        <translation>另一个训练正在写入 {run_dir}（进程 {pid}）：请等它结束，或训练到另一个文件夹。</translation>
    </message>
    <message>
        <source>The training process was killed at step {step} (signal {signal}), most often because the computer ran out of memory. The last checkpoint (step {saved}) is kept: start the same training again to resume from it, or choose a smaller size or batch.</source>
        <translation>训练进程在第 {step} 步被终止（信号 {signal}），最常见的原因是电脑内存不足。最后一个检查点（第 {saved} 步）已保留：重新开始同一训练即可从那里继续，或选择更小的规模或批大小。</translation>
    </message>
    <message>
        <source>The training process was killed at step {step} (signal {signal}), most often because the computer ran out of memory, before it saved a checkpoint. Start the training again with a smaller size or batch.</source>
        <translation>训练进程在第 {step} 步被终止（信号 {signal}），最常见的原因是电脑内存不足，当时还没有保存检查点。请用更小的规模或批大小重新训练。</translation>
    </message>
    <message>
        <source>The training process stopped unexpectedly at step {step} (exit code {code}). The last checkpoint (step {saved}) is kept: start the same training again to resume from it. The studio&apos;s log file has the details.</source>
        <translation>训练进程在第 {step} 步意外停止（退出码 {code}）。最后一个检查点（第 {saved} 步）已保留：重新开始同一训练即可从那里继续。详情见工作室的日志文件。</translation>
    </message>
    <message>
        <source>The training process stopped unexpectedly at step {step} (exit code {code}) before it saved a checkpoint. Start the training again; the studio&apos;s log file has the details.</source>
        <translation>训练进程在第 {step} 步意外停止（退出码 {code}），当时还没有保存检查点。请重新训练；详情见工作室的日志文件。</translation>
    </message>
    <message>
        <source>The training process sent something the studio cannot read ({error}), so it was ended. Start the same training again: it resumes from its last checkpoint, if it saved one.</source>
        <translation>训练进程发来了工作室无法读取的内容（{error}），因此已被结束。重新开始同一训练：如果它保存过检查点，将从最后一个检查点继续。</translation>
    </message>
    <message>
        <source>The training did not stop within {seconds} s of being asked, so it was ended. Start the same training again: it resumes from its last checkpoint, if it saved one.</source>
        <translation>训练在收到停止请求后 {seconds} 秒内没有停下，因此已被结束。重新开始同一训练：如果它保存过检查点，将从最后一个检查点继续。</translation>
    </message>
    <message>
        <source>The training process could not read its job ({error}).</source>
        <translation>训练进程无法读取它的任务（{error}）。</translation>
    </message>
    <message>
        <source>characters</source>
        <translation>个字符</translation>
    </message>
    <message>
        <source>images</source>
        <translation>张图像</translation>
    </message>
    <message>
        <source>sounds</source>
        <translation>个声音</translation>
    </message>
    <message>
        <source>Skipped {name}: {reason}.</source>
        <translation>已跳过 {name}：{reason}。</translation>
    </message>
    <message>
        <source>Skipped the folder {name}: {reason}.</source>
        <translation>已跳过文件夹 {name}：{reason}。</translation>
    </message>
    <message>
        <source>Held-out text: {note}</source>
        <translation>留出文本：{note}</translation>
    </message>
    <message>
        <source>the studio may not read it (no permission)</source>
        <translation>工作室无权读取它（没有权限）</translation>
    </message>
    <message>
        <source>it disappeared while the text was being read</source>
        <translation>读取文本时它消失了</translation>
    </message>
    <message>
        <source>it is a folder</source>
        <translation>它是一个文件夹</translation>
    </message>
    <message>
        <source>it could not be read ({error})</source>
        <translation>无法读取它（{error}）</translation>
    </message>
    <message>
        <source>it is not text: it contains NUL bytes (byte {offset})</source>
        <translation>它不是文本：含有 NUL 字节（第 {offset} 字节）</translation>
    </message>
    <message>
        <source>it is not UTF-8 text: the byte 0x{byte} at byte {offset} cannot be read. Save it as UTF-8 (or UTF-16 with a byte-order mark)</source>
        <translation>它不是 UTF-8 文本：第 {offset} 字节处的 0x{byte} 无法读取。请将其存为 UTF-8（或带字节顺序标记的 UTF-16）</translation>
    </message>
    <message>
        <source>it is not {codec} text: it ends in the middle of a character (it may be cut short)</source>
        <translation>它不是 {codec} 文本：结尾处有不完整的字符（文件可能被截断）</translation>
    </message>
    <message>
        <source>The {what} is longer than {count} characters: only the first {count} are used, so that training fits in memory.</source>
        <translation>{what}超过 {count} 个字符：只使用前 {count} 个，以免训练占满内存。</translation>
    </message>
    <message>
        <source>The {what} {path} is neither a file nor a folder.</source>
        <translation>{what} {path} 既不是文件也不是文件夹。</translation>
    </message>
    <message>
        <source>The {what} folder {path} cannot be read (no permission).</source>
        <translation>{what}文件夹 {path} 无法读取（没有权限）。</translation>
    </message>
    <message>
        <source>training text</source>
        <translation>训练文本</translation>
    </message>
    <message>
        <source>held-out text</source>
        <translation>留出文本</translation>
    </message>
    <message>
        <source>The model in {folder} cannot be used: {reason}.</source>
        <translation>{folder} 中的模型无法使用：{reason}。</translation>
    </message>
    <message>
        <source>it has no id</source>
        <translation>它没有 id</translation>
    </message>
    <message>
        <source>its id is not text</source>
        <translation>它的 id 不是文本</translation>
    </message>
    <message>
        <source>its id is empty</source>
        <translation>它的 id 为空</translation>
    </message>
    <message>
        <source>its id is longer than {count} characters</source>
        <translation>它的 id 超过 {count} 个字符</translation>
    </message>
    <message>
        <source>its id looks like a path (an id is a plain name)</source>
        <translation>它的 id 看起来像路径（id 应是普通名称）</translation>
    </message>
    <message>
        <source>its id contains control characters</source>
        <translation>它的 id 含有控制字符</translation>
    </message>
    <message>
        <source>it is not a text, image or audio model</source>
        <translation>它不是文本、图像或音频模型</translation>
    </message>
    <message>
        <source>its architecture &apos;{name}&apos; is not one this studio knows</source>
        <translation>工作室不认识它的架构“{name}”</translation>
    </message>
    <message>
        <source>its configuration is not a set of named values</source>
        <translation>它的配置不是一组具名的值</translation>
    </message>
    <message>
        <source>its card lacks &apos;{key}&apos;</source>
        <translation>它的模型卡缺少“{key}”</translation>
    </message>
    <message>
        <source>it is not an AIGC Studio model card</source>
        <translation>它不是 AIGC Studio 的模型卡</translation>
    </message>
    <message>
        <source>its configuration is invalid: {problems}</source>
        <translation>它的配置无效：{problems}</translation>
    </message>
    <message>
        <source>The model card&apos;s configuration is invalid: {problems}.</source>
        <translation>模型卡的配置无效：{problems}。</translation>
    </message>
    <message>
        <source>{name} must be from {low} to {high} (it is {value})</source>
        <translation>{name} 必须在 {low} 到 {high} 之间（现在是 {value}）</translation>
    </message>
    <message>
        <source>{name} must be a whole number (it is {value})</source>
        <translation>{name} 必须是整数（现在是 {value}）</translation>
    </message>
    <message>
        <source>{name} must be a list of 1 to {count} whole numbers</source>
        <translation>{name} 必须是 1 到 {count} 个整数的列表</translation>
    </message>
    <message>
        <source>every entry of {name} must be a whole number from {low} to {high}</source>
        <translation>{name} 的每一项都必须是 {low} 到 {high} 之间的整数</translation>
    </message>
    <message>
        <source>{name} is out of range ({value})</source>
        <translation>{name} 超出范围（{value}）</translation>
    </message>
    <message>
        <source>{name} is not a finite number</source>
        <translation>{name} 不是有限的数</translation>
    </message>
    <message>
        <source>{name} must be a short list of numbers</source>
        <translation>{name} 必须是简短的数字列表</translation>
    </message>
    <message>
        <source>{name} must not be a nested set of values</source>
        <translation>{name} 不能是嵌套的一组值</translation>
    </message>
    <message>
        <source>{name} is too long</source>
        <translation>{name} 太长</translation>
    </message>
    <message>
        <source>n_embd ({n_embd}) must be a multiple of n_head ({n_head})</source>
        <translation>n_embd（{n_embd}）必须是 n_head（{n_head}）的整数倍</translation>
    </message>
    <message>
        <source>The weights of {name} do not match its card: the card describes a model of about {count} parameters, the weights hold {total}.</source>
        <translation>{name} 的权重与其模型卡不符：模型卡描述的模型约有 {count} 个参数，权重只有 {total} 个。</translation>
    </message>
    <message>
        <source>{path} is too large (more than {size} kB).</source>
        <translation>{path} 太大（超过 {size} kB）。</translation>
    </message>
    <message>
        <source>{path} is nested too deeply (more than {count} levels).</source>
        <translation>{path} 嵌套过深（超过 {count} 层）。</translation>
    </message>
    <message>
        <source>{path} is not UTF-8 text.</source>
        <translation>{path} 不是 UTF-8 文本。</translation>
    </message>
    <message>
        <source>{path} could not be read ({error}).</source>
        <translation>无法读取 {path}（{error}）。</translation>
    </message>
    <message>
        <source>{path} is corrupt or truncated ({why}).</source>
        <translation>{path} 已损坏或不完整（{why}）。</translation>
    </message>
    <message>
        <source>it has no header</source>
        <translation>它没有文件头</translation>
    </message>
    <message>
        <source>its header is larger than the file</source>
        <translation>它的文件头比文件本身还大</translation>
    </message>
    <message>
        <source>its header is not a list of tensors</source>
        <translation>它的文件头不是张量列表</translation>
    </message>
    <message>
        <source>its header is not valid JSON</source>
        <translation>它的文件头不是有效的 JSON</translation>
    </message>
    <message>
        <source>the entry of {name} is invalid</source>
        <translation>{name} 的条目无效</translation>
    </message>
    <message>
        <source>The model cannot be saved in {folder}: {files} there is not the studio&apos;s. Move it away or choose another folder.</source>
        <translation>无法把模型保存到 {folder}：那里的 {files} 不是工作室写的。请把它移走或另选文件夹。</translation>
    </message>
    <message>
        <source>The model cannot be saved in {folder}: {files} there are not the studio&apos;s. Move them away or choose another folder.</source>
        <translation>无法把模型保存到 {folder}：那里的 {files} 不是工作室写的。请把它们移走或另选文件夹。</translation>
    </message>
    <message>
        <source>{folder} is a file, not a model folder: choose another place for the model.</source>
        <translation>{folder} 是文件，不是模型文件夹：请为模型另选位置。</translation>
    </message>
    <message>
        <source>{name} cannot be read: the studio may not read it (no permission).</source>
        <translation>无法读取 {name}：工作室无权读取它（没有权限）。</translation>
    </message>
    <message>
        <source>{name} cannot be read: it disappeared while the sounds were being read.</source>
        <translation>无法读取 {name}：读取声音时它消失了。</translation>
    </message>
    <message>
        <source>{name} cannot be read ({error}).</source>
        <translation>无法读取 {name}（{error}）。</translation>
    </message>
    <message>
        <source>CPU {cpu}, {cores} cores, {threads} torch thread(s)</source>
        <translation>CPU {cpu}，{cores} 核，{threads} 个 torch 线程</translation>
    </message>
    <message>
        <source>GPU {name}</source>
        <translation>GPU {name}</translation>
    </message>
    <message>
        <source>{arch}: {params} M parameters, {train} training and {held} held-out images, {threads} thread(s) on {device}, DiffAugment ({policy}).</source>
        <translation>{arch}：{params} M 个参数，{train} 张训练图像、{held} 张留出图像，在 {device} 上用 {threads} 个线程，DiffAugment（{policy}）。</translation>
    </message>
    <message>
        <source>{arch}: {params} M parameters, {train} training and {held} held-out images, {threads} thread(s) on {device}.</source>
        <translation>{arch}：{params} M 个参数，{train} 张训练图像、{held} 张留出图像，在 {device} 上用 {threads} 个线程。</translation>
    </message>
    <message>
        <source>{arch}: {params} M parameters, {tokenizer} tokenizer of {vocab} tokens, {train} training and {held} held-out tokens, {threads} thread(s) on {device}.</source>
        <translation>{arch}：{params} M 个参数，{tokenizer} 分词器（{vocab} 个词元），{train} 个训练词元、{held} 个留出词元，在 {device} 上用 {threads} 个线程。</translation>
    </message>
    <message>
        <source>{params} M parameters, {train} training and {held} held-out sounds, clips of {seconds} s at {rate} Hz, {threads} thread(s) on {device}.</source>
        <translation>{params} M 个参数，{train} 个训练声音、{held} 个留出声音，片段 {seconds} 秒、{rate} Hz，在 {device} 上用 {threads} 个线程。</translation>
    </message>
    <message>
        <source>step {step}/{total}, {figures}</source>
        <translation>第 {step}/{total} 步，{figures}</translation>
    </message>
    <message>
        <source>step {step}/{total}, {figures}, about {left} left</source>
        <translation>第 {step}/{total} 步，{figures}，约剩 {left}</translation>
    </message>
    <message>
        <source>loss {value}</source>
        <translation>损失 {value}</translation>
    </message>
    <message>
        <source>STFT loss {stft}, KL {kl}</source>
        <translation>STFT 损失 {stft}，KL {kl}</translation>
    </message>
    <message>
        <source>{minutes} min {seconds} s</source>
        <translation>{minutes} 分 {seconds} 秒</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} 小时 {minutes} 分</translation>
    </message>
    <message>
        <source>Finishing: fitting the slider directions and measuring the held-out images…</source>
        <translation>收尾：拟合滑块方向并测量留出图像…</translation>
    </message>
    <message>
        <source>Saved the model to {out} after {step} steps ({note}).</source>
        <translation>训练 {step} 步后，模型已保存到 {out}（{note}）。</translation>
    </message>
    <message>
        <source>The time budget is spent: saved the model to {out} after {step} steps ({note}).</source>
        <translation>时间预算已用完：训练 {step} 步后，模型已保存到 {out}（{note}）。</translation>
    </message>
    <message>
        <source>Stopped and saved the model to {out} after {step} steps ({note}).</source>
        <translation>训练 {step} 步后已停止，模型已保存到 {out}（{note}）。</translation>
    </message>
    <message>
        <source>held-out loss {loss}/token</source>
        <translation>留出损失 {loss}/词元</translation>
    </message>
    <message>
        <source>held-out log-spectral distance {lsd} dB</source>
        <translation>留出对数谱距离 {lsd} dB</translation>
    </message>
    <message>
        <source>Resumed from the checkpoint at step {step}.</source>
        <translation>已从第 {step} 步的检查点继续。</translation>
    </message>
    <message>
        <source>Stopped at step {step}; the checkpoint in {run_dir} resumes it.</source>
        <translation>已在第 {step} 步停止；{run_dir} 中的检查点可继续这次训练。</translation>
    </message>
    <message>
        <source>The time budget of {minutes} minutes is spent at step {step}.</source>
        <translation>{minutes} 分钟的时间预算在第 {step} 步用完。</translation>
    </message>
    <message>
        <source>The checkpoint in {run_dir} was written by an earlier version of the studio and cannot be resumed: starting a new run.</source>
        <translation>{run_dir} 中的检查点由旧版本的工作室写入，无法继续：开始新的训练。</translation>
    </message>
    <message>
        <source>The checkpoint in {run_dir} is of other data or model options: starting a new run.</source>
        <translation>{run_dir} 中的检查点属于其他数据或模型选项：开始新的训练。</translation>
    </message>
    <message>
        <source>Could not make a sample at step {step} ({error}).</source>
        <translation>第 {step} 步无法生成样本（{error}）。</translation>
    </message>
    <message>
        <source>Left out {count} images without a class label.</source>
        <translation>已排除 {count} 张没有类别标签的图像。</translation>
    </message>
    <message>
        <source>The class {name} has a weight but no training images: it is not drawn.</source>
        <translation>类别 {name} 设了权重，但没有训练图片：不会抽到它。</translation>
    </message>
    <message>
        <source>The class weights name classes the data does not have ({names}); its classes are {classes}.</source>
        <translation>类别权重里有数据中没有的类别（{names}）；数据的类别是 {classes}。</translation>
    </message>
    <message>
        <source>Class weights apply to a GAN drawn by category: this model has no categories.</source>
        <translation>类别权重只用于按类别生成的 GAN：这个模型没有类别。</translation>
    </message>
    <message>
        <source>The class loss weight must be between 0 and 10, from a step that is not negative.</source>
        <translation>类别损失权重必须在 0 到 10 之间，起始步数不能为负。</translation>
    </message>
    <message>
        <source>Class weights must be a list of class names, each with a number.</source>
        <translation>类别权重必须是一组类别名称，每个配一个数字。</translation>
    </message>
    <message>
        <source>The weight of {name} must be a number above 0 and at most 100.</source>
        <translation>{name} 的权重必须是大于 0、不超过 100 的数字。</translation>
    </message>
    <message>
        <source>Class weights apply to a GAN drawn by category, with balanced classes on.</source>
        <translation>类别权重只用于按类别生成的 GAN，并且要开启类别均衡。</translation>
    </message>
    <message>
        <source>Class weights must start from a step that is not negative.</source>
        <translation>类别权重的起始步数不能为负。</translation>
    </message>
    <message>
        <source>The mode-seeking weight must be between 0 and 10, from a step that is not negative.</source>
        <translation>寻模项权重必须在 0 到 10 之间，起始步数不能为负。</translation>
    </message>
    <message>
        <source>Skipped {name}.</source>
        <translation>已跳过 {name}。</translation>
    </message>
    <message>
        <source>Skipped {name} ({reason}).</source>
        <translation>已跳过 {name}（{reason}）。</translation>
    </message>
    <message>
        <source>Skipped {count} more unreadable files.</source>
        <translation>另有 {count} 个无法读取的文件被跳过。</translation>
    </message>
    <message>
        <source>Reading {train} training and {held} held-out sound files at {rate} Hz...</source>
        <translation>正在以 {rate} Hz 读取 {train} 个训练声音文件和 {held} 个留出声音文件…</translation>
    </message>
    <message>
        <source>Skipped {name}: {reason}</source>
        <translation>已跳过 {name}：{reason}</translation>
    </message>
    <message>
        <source>{count} of the {total} training sounds have a clear pitch.</source>
        <translation>{total} 个训练声音中有 {count} 个音高清晰。</translation>
    </message>
    <message>
        <source>Fitting the latent distribution (principal directions) over the training sounds...</source>
        <translation>正在拟合训练声音的潜在分布（主方向）…</translation>
    </message>
    <message>
        <source>{name} is a text file, not a sound file.</source>
        <translation>{name} 是文本文件，不是声音文件。</translation>
    </message>
    <message>
        <source>{name} is empty (0 bytes): it holds no sound.</source>
        <translation>{name} 是空文件（0 字节）：其中没有声音。</translation>
    </message>
    <message>
        <source>{name} is really an {what} file, which this installation cannot read. Convert it to WAV or FLAC first.</source>
        <translation>{name} 实际上是 {what} 文件，此安装无法读取。请先转换为 WAV 或 FLAC。</translation>
    </message>
    <message>
        <source>{name} is not a sound file the studio can read (WAV, FLAC, OGG, AIFF) or it is damaged ({reason}).</source>
        <translation>{name} 不是工作室能读取的声音文件（WAV、FLAC、OGG、AIFF），或已损坏（{reason}）。</translation>
    </message>
    <message>
        <source>KID {kid} ± {std}</source>
        <translation>KID {kid} ± {std}</translation>
    </message>
    <message>
        <source>FID {fid}</source>
        <translation>FID {fid}</translation>
    </message>
    <message>
        <source>{count} near copies of {samples} samples</source>
        <translation>{samples} 个样本中有 {count} 个近似副本</translation>
    </message>
    <message>
        <source>diversity {ratio}x the held-out pictures&apos;</source>
        <translation>多样性为留出图像的 {ratio} 倍</translation>
    </message>
    <message>
        <source>{figures} ({samples} samples, {images} held-out pictures)</source>
        <translation>{figures}（{samples} 个样本，{images} 张留出图像）</translation>
    </message>
    <message>
        <source>held-out loss {loss} nats/token, perplexity {ppl} ({tokens} tokens)</source>
        <translation>留出损失 {loss} nats/词元，困惑度 {ppl}（{tokens} 个词元）</translation>
    </message>
    <message>
        <source>held-out log-spectral distance {lsd} dB ({count} sounds)</source>
        <translation>留出对数谱距离 {lsd} dB（{count} 个声音）</translation>
    </message>
    <message>
        <source>the model card names no training data</source>
        <translation>模型卡片没有写明训练数据</translation>
    </message>
    <message>
        <source>{source} is not there</source>
        <translation>{source} 不存在</translation>
    </message>
    <message>
        <source>no training data given</source>
        <translation>没有给出训练数据</translation>
    </message>
    <message>
        <source>every training picture is among the held-out ones</source>
        <translation>所有训练图像都在留出图像之中</translation>
    </message>
    <message>
        <source>Listing files: {count}</source>
        <translation>正在列出文件：{count}</translation>
    </message>
    <message>
        <source>Scanning {name}</source>
        <translation>正在扫描 {name}</translation>
    </message>
    <message>
        <source>Comparing files</source>
        <translation>正在比较文件</translation>
    </message>
    <message>
        <source>{n} files are not images and are left out ({counts}).</source>
        <translation>{n} 个文件不是图像，已排除（{counts}）。</translation>
    </message>
    <message>
        <source>{n} files are not sounds and are left out ({counts}).</source>
        <translation>{n} 个文件不是声音，已排除（{counts}）。</translation>
    </message>
    <message>
        <source>{n} files are not text files and are left out ({counts}).</source>
        <translation>{n} 个文件不是文本文件，已排除（{counts}）。</translation>
    </message>
    <message>
        <source>{n} images</source>
        <translation>{n} 张图像</translation>
    </message>
    <message>
        <source>{n} sounds</source>
        <translation>{n} 个声音</translation>
    </message>
    <message>
        <source>{n} text files</source>
        <translation>{n} 个文本文件</translation>
    </message>
    <message>
        <source>{n} other files</source>
        <translation>{n} 个其他文件</translation>
    </message>
    <message>
        <source>1 file is not an image and is left out ({counts}).</source>
        <translation>有 1 个文件不是图像，已排除（{counts}）。</translation>
    </message>
    <message>
        <source>1 file is not a sound and is left out ({counts}).</source>
        <translation>有 1 个文件不是声音，已排除（{counts}）。</translation>
    </message>
    <message>
        <source>1 file is not a text file and is left out ({counts}).</source>
        <translation>有 1 个文件不是文本文件，已排除（{counts}）。</translation>
    </message>
    <message>
        <source>{n} image</source>
        <translation>{n} 张图像</translation>
    </message>
    <message>
        <source>{n} sound</source>
        <translation>{n} 个声音</translation>
    </message>
    <message>
        <source>{n} text file</source>
        <translation>{n} 个文本文件</translation>
    </message>
    <message>
        <source>1 other file</source>
        <translation>1 个其他文件</translation>
    </message>
    <message>
        <source>{usable} of {files} files usable</source>
        <translation>{files} 个文件中 {usable} 个可用</translation>
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
    <message>
        <source>Skipped: permission denied (the studio is not allowed to read this file).</source>
        <translation>已跳过：没有权限（工作室无权读取此文件）。</translation>
    </message>
    <message>
        <source>Skipped: the file disappeared during the scan.</source>
        <translation>已跳过：扫描过程中文件消失了。</translation>
    </message>
    <message>
        <source>Skipped: the file changed while it was being read. Scan again when it is finished.</source>
        <translation>已跳过：读取时文件发生了变化。等它写完后请重新扫描。</translation>
    </message>
    <message>
        <source>Skipped: the file cannot be read ({error}).</source>
        <translation>已跳过：无法读取文件（{error}）。</translation>
    </message>
    <message>
        <source>Cannot be used: {detail}</source>
        <translation>无法使用：{detail}</translation>
    </message>
    <message>
        <source>Not UTF-8 text: the bytes at position {position} are not valid UTF-8. Save it as UTF-8.</source>
        <translation>不是 UTF-8 文本：位置 {position} 处的字节不是有效的 UTF-8。请另存为 UTF-8。</translation>
    </message>
    <message>
        <source>UTF-16 text: save it as UTF-8 to use it.</source>
        <translation>UTF-16 文本：请另存为 UTF-8 后再使用。</translation>
    </message>
    <message>
        <source>Not a text file: it holds binary data.</source>
        <translation>不是文本文件：其中含有二进制数据。</translation>
    </message>
    <message>
        <source>Not an image: by its name it is {what}.</source>
        <translation>不是图像：从文件名看它是{what}。</translation>
    </message>
    <message>
        <source>Not a sound: by its name it is {what}.</source>
        <translation>不是声音：从文件名看它是{what}。</translation>
    </message>
    <message>
        <source>Not a text file: by its name it is {what}.</source>
        <translation>不是文本文件：从文件名看它是{what}。</translation>
    </message>
    <message>
        <source>an image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>a sound</source>
        <translation>声音</translation>
    </message>
    <message>
        <source>a text file</source>
        <translation>文本文件</translation>
    </message>
    <message>
        <source>another kind of file</source>
        <translation>其他类型的文件</translation>
    </message>
    <message>
        <source>Skipped: this folder cannot be read ({error}).</source>
        <translation>已跳过：无法读取此文件夹（{error}）。</translation>
    </message>
    <message>
        <source>An exact copy of {first}: left out.</source>
        <translation>与 {first} 完全相同：已排除。</translation>
    </message>
    <message>
        <source>Nearly the same as {first}: left out.</source>
        <translation>与 {first} 几乎相同：已排除。</translation>
    </message>
    <message>
        <source>Tiny: {width}×{height} pixels (most images here are about {typical} pixels across).</source>
        <translation>过小：{width}×{height} 像素（这里大多数图像约 {typical} 像素宽）。</translation>
    </message>
    <message>
        <source>Huge: {width}×{height} pixels (most images here are about {typical} pixels across).</source>
        <translation>过大：{width}×{height} 像素（这里大多数图像约 {typical} 像素宽）。</translation>
    </message>
    <message>
        <source>Odd shape: {width}×{height} pixels, more than 3 times wider than tall or taller than wide.</source>
        <translation>形状异常：{width}×{height} 像素，宽高之比超过 3 倍。</translation>
    </message>
    <message>
        <source>Blank: the picture is a single colour.</source>
        <translation>空白：整张图只有一种颜色。</translation>
    </message>
    <message>
        <source>Silent: its loudest sample is below -80 dBFS.</source>
        <translation>静音：最响的采样低于 -80 dBFS。</translation>
    </message>
    <message>
        <source>Too short: {seconds} s.</source>
        <translation>过短：{seconds} 秒。</translation>
    </message>
    <message>
        <source>Very long: {seconds} s (most sounds here last about {typical} s).</source>
        <translation>很长：{seconds} 秒（这里大多数声音约 {typical} 秒）。</translation>
    </message>
    <message>
        <source>Empty: it holds no text.</source>
        <translation>空文件：没有任何文字。</translation>
    </message>
    <message>
        <source>Very large: {megabytes} MB of text (most files here are about {typical} kB).</source>
        <translation>很大：{megabytes} MB 文本（这里大多数文件约 {typical} kB）。</translation>
    </message>
    <message>
        <source>Silent: left out (training cannot learn from silence).</source>
        <translation>静音：已排除（训练无法从静音中学习）。</translation>
    </message>
    <message>
        <source>Empty: left out.</source>
        <translation>空文件：已排除。</translation>
    </message>
    <message>
        <source>Left out by you.</source>
        <translation>已由你排除。</translation>
    </message>
    <message>
        <source>Choose a folder of images, sounds or text files to scan.</source>
        <translation>请选择一个包含图像、声音或文本文件的文件夹进行扫描。</translation>
    </message>
    <message>
        <source>The kind of data must be image, audio or text.</source>
        <translation>数据类型必须是 image、audio 或 text。</translation>
    </message>
    <message>
        <source>The augmentation settings must be a JSON object.</source>
        <translation>数据增强设置必须是一个 JSON 对象。</translation>
    </message>
    <message>
        <source>Unknown augmentation settings: {names}.</source>
        <translation>未知的数据增强设置：{names}。</translation>
    </message>
    <message>
        <source>The augmentation setting {name} must be between {lo} and {hi}.</source>
        <translation>数据增强设置 {name} 必须在 {lo} 到 {hi} 之间。</translation>
    </message>
    <message>
        <source>{path} does not exist.</source>
        <translation>{path} 不存在。</translation>
    </message>
    <message>
        <source>{path} is neither a folder nor a file.</source>
        <translation>{path} 既不是文件夹也不是文件。</translation>
    </message>
    <message>
        <source>The folder {name} is empty: put images, sounds or text files in it.</source>
        <translation>文件夹 {name} 是空的：请放入图像、声音或文本文件。</translation>
    </message>
    <message>
        <source>The folder {name} holds no {kind}: it has {counts}. Choose another folder or another kind.</source>
        <translation>文件夹 {name} 中没有{kind}：其中有 {counts}。请选择其他文件夹或其他类型。</translation>
    </message>
    <message>
        <source>The folder {name} holds no images, sounds or text files ({n} other files). The studio reads {extensions}.</source>
        <translation>文件夹 {name} 中没有图像、声音或文本文件（有 {n} 个其他文件）。工作室可读取 {extensions}。</translation>
    </message>
    <message>
        <source>The folder {name} cannot be read: permission denied.</source>
        <translation>无法读取文件夹 {name}：没有权限。</translation>
    </message>
    <message>
        <source>The folder {name} holds more than {n} files: choose a smaller folder.</source>
        <translation>文件夹 {name} 中的文件超过 {n} 个：请选择一个较小的文件夹。</translation>
    </message>
    <message>
        <source>The dataset {name} holds {kind}, not {other}.</source>
        <translation>数据集 {name} 包含的是{kind}，不是{other}。</translation>
    </message>
    <message>
        <source>The folder of the dataset {name} ({folder}) is gone: it was moved or deleted.</source>
        <translation>数据集 {name} 的文件夹（{folder}）已不存在：它被移动或删除了。</translation>
    </message>
    <message>
        <source>None of the files of the dataset {name} is there any more.</source>
        <translation>数据集 {name} 中的文件都已不在原处。</translation>
    </message>
    <message>
        <source>The dataset {name} was not found.</source>
        <translation>找不到数据集 {name}。</translation>
    </message>
    <message>
        <source>The dataset {name} cannot be read: permission denied.</source>
        <translation>无法读取数据集 {name}：没有权限。</translation>
    </message>
    <message>
        <source>The dataset {name} cannot be read: {error}.</source>
        <translation>无法读取数据集 {name}：{error}。</translation>
    </message>
    <message>
        <source>{name} is a folder, not a dataset manifest.</source>
        <translation>{name} 是文件夹，不是数据集清单。</translation>
    </message>
    <message>
        <source>{name} is not a dataset manifest (it is not valid JSON).</source>
        <translation>{name} 不是数据集清单（不是有效的 JSON）。</translation>
    </message>
    <message>
        <source>{name} is not an AIGC Studio dataset (no {format}).</source>
        <translation>{name} 不是 AIGC Studio 数据集（缺少 {format}）。</translation>
    </message>
    <message>
        <source>{name} is damaged: its kind or folder is missing.</source>
        <translation>{name} 已损坏：缺少类型或文件夹。</translation>
    </message>
    <message>
        <source>{name} is damaged: its list of files is not readable.</source>
        <translation>{name} 已损坏：文件列表无法读取。</translation>
    </message>
    <message>
        <source>{name} is too large ({size} MB) to be a dataset manifest.</source>
        <translation>{name} 太大（{size} MB），不可能是数据集清单。</translation>
    </message>
    <message>
        <source>{name} exists and is not a dataset manifest: choose another name.</source>
        <translation>{name} 已存在且不是数据集清单：请换一个名称。</translation>
    </message>
    <message>
        <source>The dataset cannot be saved in {folder}: permission denied.</source>
        <translation>无法把数据集保存到 {folder}：没有权限。</translation>
    </message>
    <message>
        <source>The dataset could not be saved ({error}); nothing was written.</source>
        <translation>无法保存数据集（{error}）；没有写入任何内容。</translation>
    </message>
    <message>
        <source>There are no favourite {kind} in the Assets library yet: star the ones you like, then train on them.</source>
        <translation>作品库中还没有收藏的{kind}：请先给喜欢的加星标，再用它们训练。</translation>
    </message>
    <message>
        <source>The favourite {kind} cannot be read any more (moved or deleted).</source>
        <translation>收藏的{kind}已无法读取（被移动或删除）。</translation>
    </message>
    <message>
        <source>{n} files are not {kind} and are left out ({counts}).</source>
        <translation>{n} 个文件不是{kind}，已排除（{counts}）。</translation>
    </message>
    <message>
        <source>{n} files cannot be used; the report says why.</source>
        <translation>{n} 个文件无法使用；报告中有原因。</translation>
    </message>
    <message>
        <source>A small character LSTM: trains in minutes on a CPU, suits a few pages of text.</source>
        <translation>小型字符级 LSTM：在 CPU 上几分钟即可训练，适合几页文字。</translation>
    </message>
    <message>
        <source>A tiny GPT (2 layers, 128 wide): quick on a CPU, for short texts.</source>
        <translation>微型 GPT（2 层，宽 128）：在 CPU 上训练很快，适合短文本。</translation>
    </message>
    <message>
        <source>A small GPT (4 layers, 192 wide): the size of the shipped text models.</source>
        <translation>小型 GPT（4 层，宽 192）：与内置文本模型同样大小。</translation>
    </message>
    <message>
        <source>A medium GPT (6 layers, 384 wide): for a novel&apos;s worth of text and a GPU.</source>
        <translation>中型 GPT（6 层，宽 384）：适合一部小说的文字量，并需要 GPU。</translation>
    </message>
    <message>
        <source>A tiny GAN (64 px, narrow): for a few dozen images on a CPU.</source>
        <translation>微型 GAN（64 像素，窄）：适合在 CPU 上用几十张图像训练。</translation>
    </message>
    <message>
        <source>A small GAN (64 px): the size of the shipped emoji GAN.</source>
        <translation>小型 GAN（64 像素）：与内置表情 GAN 同样大小。</translation>
    </message>
    <message>
        <source>A wider GAN (64 px): for a thousand images or more and a GPU.</source>
        <translation>较宽的 GAN（64 像素）：适合一千张以上的图像，并需要 GPU。</translation>
    </message>
    <message>
        <source>A tiny image VAE (64 px, narrow): for a few dozen images on a CPU.</source>
        <translation>微型图像 VAE（64 像素，窄）：适合在 CPU 上用几十张图像训练。</translation>
    </message>
    <message>
        <source>A small image VAE (64 px): the size of the shipped emoji VAE.</source>
        <translation>小型图像 VAE（64 像素）：与内置表情 VAE 同样大小。</translation>
    </message>
    <message>
        <source>A wider image VAE (64 px): for a thousand images or more and a GPU.</source>
        <translation>较宽的图像 VAE（64 像素）：适合一千张以上的图像，并需要 GPU。</translation>
    </message>
    <message>
        <source>A tiny audio VAE (half the channels): for a few dozen sounds on a CPU.</source>
        <translation>微型音频 VAE（通道数减半）：适合在 CPU 上用几十个声音训练。</translation>
    </message>
    <message>
        <source>A small audio VAE: the size of the shipped notes model.</source>
        <translation>小型音频 VAE：与内置音符模型同样大小。</translation>
    </message>
</context>
<context>
    <name>DatasetKinds</name>
    <message>
        <source>images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>sounds</source>
        <translation>声音</translation>
    </message>
    <message>
        <source>text files</source>
        <translation>文本文件</translation>
    </message>
</context>
<context>
    <name>DatasetReportView</name>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Cannot be used</source>
        <translation>无法使用</translation>
    </message>
    <message>
        <source>Exact duplicates</source>
        <translation>完全重复</translation>
    </message>
    <message>
        <source>Near duplicates</source>
        <translation>近似重复</translation>
    </message>
    <message>
        <source>Group {n}</source>
        <translation>第 {n} 组</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Outliers</source>
        <translation>异常项</translation>
    </message>
    <message>
        <source>Not used (another kind)</source>
        <translation>未使用（其他类型）</translation>
    </message>
    <message>
        <source>{seconds} s, {rate} Hz</source>
        <translation>{seconds} 秒，{rate} Hz</translation>
    </message>
</context>
<context>
    <name>DatasetSection</name>
    <message>
        <source>Choose folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <source>Open dataset…</source>
        <translation>打开数据集…</translation>
    </message>
    <message>
        <source>Save dataset…</source>
        <translation>保存数据集…</translation>
    </message>
    <message>
        <source>Scan again</source>
        <translation>重新扫描</translation>
    </message>
    <message>
        <source>Any kind (most files)</source>
        <translation>任意类型（以多数文件为准）</translation>
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
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Choose or drop a folder of images, sounds or text files.</source>
        <translation>选择或拖入一个包含图像、声音或文本文件的文件夹。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>The folder of this dataset ({folder}) is gone: it was moved or deleted.</source>
        <translation>此数据集的文件夹（{folder}）已不存在：它被移动或删除了。</translation>
    </message>
    <message>
        <source>A scan is running: wait for it or stop it first.</source>
        <translation>正在扫描：请等待完成或先停止。</translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation>正在扫描…</translation>
    </message>
    <message>
        <source>Scanning: %v of %m files</source>
        <translation>正在扫描：第 %v / %m 个文件</translation>
    </message>
    <message>
        <source>Listing files…</source>
        <translation>正在列出文件…</translation>
    </message>
    <message>
        <source>The scan stopped.</source>
        <translation>扫描已停止。</translation>
    </message>
    <message>
        <source>The scan was stopped: the report shows only the files read so far, and the dataset was not changed. Scan again to finish.</source>
        <translation>扫描已中止：报告只包含目前读到的文件，数据集没有改变。请重新扫描以完成。</translation>
    </message>
    <message>
        <source>images</source>
        <translation>张图像</translation>
    </message>
    <message>
        <source>sounds</source>
        <translation>个声音</translation>
    </message>
    <message>
        <source>text files</source>
        <translation>个文本文件</translation>
    </message>
    <message>
        <source>{n} {kind}, {size}</source>
        <translation>{n} {kind}，{size}</translation>
    </message>
    <message>
        <source>{n} included</source>
        <translation>{n} 个纳入训练</translation>
    </message>
    <message>
        <source>{n} cannot be used</source>
        <translation>{n} 个无法使用</translation>
    </message>
    <message>
        <source>1 cannot be used</source>
        <translation>1 个无法使用</translation>
    </message>
    <message>
        <source>1 group of exact duplicates</source>
        <translation>1 组完全重复</translation>
    </message>
    <message>
        <source>{n} groups of exact duplicates</source>
        <translation>{n} 组完全重复</translation>
    </message>
    <message>
        <source>1 group of near duplicates</source>
        <translation>1 组近似重复</translation>
    </message>
    <message>
        <source>{n} groups of near duplicates</source>
        <translation>{n} 组近似重复</translation>
    </message>
    <message>
        <source>{n} outliers</source>
        <translation>{n} 个异常项</translation>
    </message>
    <message>
        <source>1 outlier</source>
        <translation>1 个异常项</translation>
    </message>
    <message>
        <source>{n} of another kind</source>
        <translation>{n} 个其他类型</translation>
    </message>
    <message>
        <source>1 of another kind</source>
        <translation>1 个其他类型</translation>
    </message>
    <message>
        <source>Choose a folder of training data</source>
        <translation>选择训练数据文件夹</translation>
    </message>
    <message>
        <source>Open dataset</source>
        <translation>打开数据集</translation>
    </message>
    <message>
        <source>Datasets (*.json)</source>
        <translation>数据集 (*.json)</translation>
    </message>
    <message>
        <source>Save dataset</source>
        <translation>保存数据集</translation>
    </message>
</context>
<context>
    <name>Diagnostics</name>
    <message>
        <source>PASS</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation>%1 %2：%3</translation>
    </message>
    <message>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>stream</source>
        <translation>流式输出</translation>
    </message>
    <message>
        <source>result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>asset</source>
        <translation>作品</translation>
    </message>
    <message>
        <source>window stalls</source>
        <translation>窗口卡顿</translation>
    </message>
    <message>
        <source>submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>job</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>the shipped model &apos;%1&apos; is not available: %2</source>
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
        <source>, %1 tokens/s, first token %2 ms</source>
        <translation>，每秒 %1 个词元，首个词元 %2 毫秒</translation>
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
        <source>p50 %1 ms, p99 %2 ms, max %3 ms over %4 ticks in %5 s</source>
        <translation>p50 %1 毫秒，p99 %2 毫秒，最长 %3 毫秒（%5 秒内 %4 次计时）</translation>
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
        <source>Log file (details of failed jobs): %1</source>
        <translation>日志文件（失败任务的详细信息）：%1</translation>
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
    <name>EmbeddedSettings</name>
    <message>
        <source>“%1” asks to read %2, which is not an ordinary file (a pipe, a device, a folder or missing), so its settings are not used.</source>
        <translation>“%1”要求读取 %2，但它不是普通文件（而是管道、设备、文件夹或不存在），因此不使用其设置。</translation>
    </message>
    <message>
        <source>Read another file?</source>
        <translation>读取另一个文件？</translation>
    </message>
    <message>
        <source>The settings inside “%1” ask to encode this file on your computer:

%2

Read it and make the image or sound again? Say No if you did not expect this file to be read.</source>
        <translation>“%1”中的设置要求编码您电脑上的这个文件：

%2

要读取它并重新生成图像或声音吗？如果您没有预料到会读取这个文件，请选“否”。</translation>
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
    <message>
        <source>Paused.</source>
        <translation>已暂停。</translation>
    </message>
    <message>
        <source>Resumed.</source>
        <translation>已继续。</translation>
    </message>
    <message>
        <source>Stopping and saving…</source>
        <translation>正在停止并保存…</translation>
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
        <source>Smileys &amp; Emotion</source>
        <translation>笑脸与情感</translation>
    </message>
    <message>
        <source>People &amp; Body</source>
        <translation>人物与身体</translation>
    </message>
    <message>
        <source>Animals &amp; Nature</source>
        <translation>动物与自然</translation>
    </message>
    <message>
        <source>Food &amp; Drink</source>
        <translation>食物与饮料</translation>
    </message>
    <message>
        <source>Travel &amp; Places</source>
        <translation>旅行与地点</translation>
    </message>
    <message>
        <source>Activities</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Objects</source>
        <translation>物品</translation>
    </message>
    <message>
        <source>Symbols</source>
        <translation>符号</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>旗帜</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Models drawn by category: the kind of emoji to draw. Any: each seed picks its own</source>
        <translation>按类别生成的模型：要画哪一类表情。任意：每个种子自己选</translation>
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
        <source>Any</source>
        <translation>任意</translation>
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
        <source>The main ways the model&apos;s images differ (principal components). Drag a slider to move the selected image along one; it updates as you drag</source>
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
        <source>%1 images/s</source>
        <translation>%1 张/秒</translation>
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
        <source>“%1” stands on a plain background (%2): it was made transparent before encoding, because the model learned icons on transparent backgrounds.</source>
        <translation>“%1”的背景是单一颜色（%2）：编码前已将背景变为透明，因为模型学习的是透明背景上的图标。</translation>
    </message>
    <message>
        <source>Canvas cleared (Ctrl+Z brings the images back). Saved files are not touched.</source>
        <translation>画布已清空（Ctrl+Z 可恢复图像）。已保存的文件不受影响。</translation>
    </message>
    <message>
        <source>Undo: bring back the cleared images</source>
        <translation>撤销：恢复清空的图像</translation>
    </message>
    <message>
        <source>The cleared images are back.</source>
        <translation>清空的图像已恢复。</translation>
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
        <source>Queued after the running image job (%1 waiting).</source>
        <translation>已排在正在运行的图像任务之后（%1 个等待中）。</translation>
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
        <source>This model has no directions to explore.</source>
        <translation>这个模型没有可探索的方向。</translation>
    </message>
    <message>
        <source>Select one finished image to move it along the model&apos;s main directions.</source>
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
        <source>Saved %1 of %2 images in %3; the others were not saved: %4 They are still here: save again to save the rest.</source>
        <translation>已在 %3 中保存 %2 张图像中的 %1 张；其余未保存：%4 它们仍在这里：再次保存即可保存其余图像。</translation>
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
        <source>This is not an image job&apos;s settings.</source>
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
        <source>%1 tokens/s</source>
        <translation>%1 词元/秒</translation>
    </message>
    <message>
        <source>%1 images/s</source>
        <translation>%1 张/秒</translation>
    </message>
    <message>
        <source>%1 sounds/s</source>
        <translation>%1 个声音/秒</translation>
    </message>
    <message>
        <source>%1 steps/s</source>
        <translation>%1 步/秒</translation>
    </message>
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
        <source>Training (images)</source>
        <translation>训练（图像）</translation>
    </message>
    <message>
        <source>Training (sounds)</source>
        <translation>训练（声音）</translation>
    </message>
    <message>
        <source>Dataset scan</source>
        <translation>数据集扫描</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Rename model</source>
        <translation>重命名模型</translation>
    </message>
    <message>
        <source>Export model</source>
        <translation>导出模型</translation>
    </message>
    <message>
        <source>Import model</source>
        <translation>导入模型</translation>
    </message>
    <message>
        <source>Delete model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <source>%1 tokens, %2 tokens/s</source>
        <translation>%1 个词元，每秒 %2 个</translation>
    </message>
    <message>
        <source>%1 images, %2 images/s</source>
        <translation>%1 张图像，%2 张/秒</translation>
    </message>
    <message>
        <source>%1 sounds, %2 sounds/s</source>
        <translation>%1 个声音，%2 个/秒</translation>
    </message>
    <message>
        <source>%1 results, %2 per second</source>
        <translation>%1 个结果，每秒 %2 个</translation>
    </message>
</context>
<context>
    <name>JobPanel</name>
    <message>
        <source>almost done</source>
        <translation>即将完成</translation>
    </message>
    <message>
        <source>about %1 s left</source>
        <translation>约剩 %1 秒</translation>
    </message>
    <message>
        <source>about %1 min left</source>
        <translation>约剩 %1 分钟</translation>
    </message>
    <message>
        <source>about %1 h left</source>
        <translation>约剩 %1 小时</translation>
    </message>
    <message>
        <source>%1 per second</source>
        <translation>每秒 %1</translation>
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
    <name>Language</name>
    <message>
        <source>en</source>
        <translation>zh_CN</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>The loss curves appear here once training starts.</source>
        <translation>训练开始后，损失曲线会显示在这里。</translation>
    </message>
    <message>
        <source>The loss curves cannot be drawn: the plotting library (pyqtgraph) could not be loaded. The figures below are still updated.</source>
        <translation>无法绘制损失曲线：绘图库（pyqtgraph）载入失败。下方的数值仍会更新。</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
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
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>Bring back what the last Clear canvas, Generate or Regenerate replaced</source>
        <translation>恢复上一次“清空画布”、“生成”或“重新生成”替换掉的内容</translation>
    </message>
    <message>
        <source>C&amp;lear canvas</source>
        <translation>清空画布(&amp;L)</translation>
    </message>
    <message>
        <source>Remove every image from the canvas (Undo brings them back); saved files are not touched</source>
        <translation>移除画布上的所有图像（撤销可恢复）；已保存的文件不受影响</translation>
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
        <source>Nothing to undo.</source>
        <translation>没有可撤销的操作。</translation>
    </message>
    <message>
        <source>Showing the result of %1 again (Ctrl+Z goes back).</source>
        <translation>再次显示 %1 的结果（Ctrl+Z 返回）。</translation>
    </message>
    <message>
        <source>The result of this job is no longer shown in its panel: its saved files are in the Assets library.</source>
        <translation>此任务的结果已不在其面板中：已保存的文件在作品库中。</translation>
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
    <message>
        <source>Close AIGC Studio</source>
        <translation>关闭 AIGC Studio</translation>
    </message>
    <message>
        <source>The training is still saving its checkpoint; the studio closes when it is done. Close now anyway (what it learned since its last checkpoint is lost)?</source>
        <translation>训练仍在保存检查点；完成后工作室会自动关闭。仍要立即关闭吗（自上个检查点以来学到的内容会丢失）？</translation>
    </message>
    <message>
        <source>Close now</source>
        <translation>立即关闭</translation>
    </message>
    <message>
        <source>Wait</source>
        <translation>等待</translation>
    </message>
    <message>
        <source>A training is running. “Stop and save” keeps what it has learned (a checkpoint and the model so far); the studio closes once it is saved.</source>
        <translation>正在训练。“停止并保存”会保留已学到的内容（检查点和目前的模型）；保存后工作室关闭。</translation>
    </message>
    <message>
        <source>%1 job(s) are running or queued: closing stops them (what they made so far and did not save is lost).</source>
        <translation>有 %1 个任务正在运行或排队：关闭会停止它们（已生成但未保存的内容会丢失）。</translation>
    </message>
    <message>
        <source>The generated text is not saved.</source>
        <translation>生成的文本尚未保存。</translation>
    </message>
    <message>
        <source>Stop and save</source>
        <translation>停止并保存</translation>
    </message>
    <message>
        <source>Save text and close</source>
        <translation>保存文本并关闭</translation>
    </message>
    <message>
        <source>Close without saving</source>
        <translation>不保存直接关闭</translation>
    </message>
    <message>
        <source>Stop jobs and close</source>
        <translation>停止任务并关闭</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Saving the training… the studio closes when it is saved.</source>
        <translation>正在保存训练…保存后工作室关闭。</translation>
    </message>
</context>
<context>
    <name>ModelBox</name>
    <message>
        <source>Evaluation figures of this model:</source>
        <translation>此模型的评估数据：</translation>
    </message>
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
    <name>ModelMetrics</name>
    <message>
        <source>d_real_heldout</source>
        <translation>判别器对留出真实图像的得分</translation>
    </message>
    <message>
        <source>d_fake_samples</source>
        <translation>判别器对生成样本的得分</translation>
    </message>
    <message>
        <source>d_loss</source>
        <translation>判别器损失</translation>
    </message>
    <message>
        <source>g_loss</source>
        <translation>生成器损失</translation>
    </message>
    <message>
        <source>d_real</source>
        <translation>判别器真实得分</translation>
    </message>
    <message>
        <source>d_fake</source>
        <translation>判别器生成得分</translation>
    </message>
    <message>
        <source>d_class</source>
        <translation>判别器类别损失</translation>
    </message>
    <message>
        <source>g_class</source>
        <translation>生成器类别损失</translation>
    </message>
    <message>
        <source>g_ms</source>
        <translation>生成器寻模损失</translation>
    </message>
    <message>
        <source>samples_closer_than_heldout_p5</source>
        <translation>比留出集第 5 百分位更接近训练集的样本比例</translation>
    </message>
    <message>
        <source>d_score_heldout_mean</source>
        <translation>留出图像的平均判别得分</translation>
    </message>
    <message>
        <source>d_score_samples_mean</source>
        <translation>生成样本的平均判别得分</translation>
    </message>
    <message>
        <source>eval_seconds</source>
        <translation>评估用时（秒）</translation>
    </message>
    <message>
        <source>recon_mae_255</source>
        <translation>重建平均绝对误差（0–255）</translation>
    </message>
    <message>
        <source>recon_psnr_db</source>
        <translation>重建峰值信噪比（dB）</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>recon</source>
        <translation>重建损失</translation>
    </message>
    <message>
        <source>kl</source>
        <translation>KL 散度</translation>
    </message>
    <message>
        <source>beta</source>
        <translation>β 系数</translation>
    </message>
    <message>
        <source>heldout_recon_mae_255</source>
        <translation>留出集重建平均绝对误差（0–255）</translation>
    </message>
    <message>
        <source>heldout_recon_psnr_db</source>
        <translation>留出集重建峰值信噪比（dB）</translation>
    </message>
    <message>
        <source>train_loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>heldout_loss_per_token</source>
        <translation>留出集每词元损失</translation>
    </message>
    <message>
        <source>heldout_loss_per_char</source>
        <translation>留出集每字符损失</translation>
    </message>
    <message>
        <source>heldout_tokens</source>
        <translation>留出集词元数</translation>
    </message>
    <message>
        <source>heldout_chars</source>
        <translation>留出集字符数</translation>
    </message>
    <message>
        <source>train_stft_loss</source>
        <translation>训练 STFT 损失</translation>
    </message>
    <message>
        <source>train_kl</source>
        <translation>训练 KL 散度</translation>
    </message>
    <message>
        <source>heldout_lsd_db</source>
        <translation>留出集对数谱距离（dB）</translation>
    </message>
    <message>
        <source>heldout_stft_loss</source>
        <translation>留出集 STFT 损失</translation>
    </message>
    <message>
        <source>heldout_f0_median_error_cents</source>
        <translation>留出集基频误差中位数（音分）</translation>
    </message>
    <message>
        <source>heldout_f0_within_50_cents</source>
        <translation>留出集基频误差在 50 音分以内的比例</translation>
    </message>
    <message>
        <source>heldout_sounds</source>
        <translation>留出集声音数</translation>
    </message>
    <message>
        <source>wellformed_line_fraction</source>
        <translation>格式正确的诗句比例</translation>
    </message>
    <message>
        <source>wellformed_lines</source>
        <translation>格式正确的诗句数</translation>
    </message>
    <message>
        <source>generated_lines</source>
        <translation>生成的诗句数</translation>
    </message>
    <message>
        <source>same_metre_line_fraction</source>
        <translation>与提示同字数的诗句比例</translation>
    </message>
    <message>
        <source>wellformed_poem_fraction</source>
        <translation>格式完整的诗比例</translation>
    </message>
    <message>
        <source>wellformed_eval_poems</source>
        <translation>参与评估的诗数</translation>
    </message>
    <message>
        <source>poems_regular_fraction_free_titles</source>
        <translation>从标题起笔的完整格律诗比例（自由）</translation>
    </message>
    <message>
        <source>poems_regular_fraction_free_first_lines</source>
        <translation>从首句起笔的完整格律诗比例（自由）</translation>
    </message>
    <message>
        <source>poems_regular_fraction_free</source>
        <translation>完整格律诗比例（自由）</translation>
    </message>
    <message>
        <source>poems_rhyme_rate_free</source>
        <translation>偶数句押韵率（自由）</translation>
    </message>
    <message>
        <source>poems_rhyme_verses_free</source>
        <translation>参与押韵统计的诗句数（自由）</translation>
    </message>
    <message>
        <source>poems_distinct2_free</source>
        <translation>不同二字组比例（自由）</translation>
    </message>
    <message>
        <source>poems_regular_fraction_auto_titles</source>
        <translation>从标题起笔的完整格律诗比例（自动）</translation>
    </message>
    <message>
        <source>poems_regular_fraction_auto_first_lines</source>
        <translation>从首句起笔的完整格律诗比例（自动）</translation>
    </message>
    <message>
        <source>poems_regular_fraction_auto</source>
        <translation>完整格律诗比例（自动）</translation>
    </message>
    <message>
        <source>poems_rhyme_rate_auto</source>
        <translation>偶数句押韵率（自动）</translation>
    </message>
    <message>
        <source>poems_rhyme_verses_auto</source>
        <translation>参与押韵统计的诗句数（自动）</translation>
    </message>
    <message>
        <source>poems_distinct2_auto</source>
        <translation>不同二字组比例（自动）</translation>
    </message>
    <message>
        <source>poems_rhyme_rate_training</source>
        <translation>训练诗歌的押韵率</translation>
    </message>
    <message>
        <source>poems_rhyme_verses_training</source>
        <translation>训练诗歌参与押韵统计的诗句数</translation>
    </message>
    <message>
        <source>poems_distinct2_heldout</source>
        <translation>留出集诗歌的不同二字组比例</translation>
    </message>
    <message>
        <source>poems_eval_prompts</source>
        <translation>诗体评估的提示数</translation>
    </message>
    <message>
        <source>poems_eval_seconds</source>
        <translation>诗体评估用时（秒）</translation>
    </message>
</context>
<context>
    <name>ModelSection</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Text — GPT</source>
        <translation>文本 — GPT</translation>
    </message>
    <message>
        <source>Text — LSTM (fast on a CPU)</source>
        <translation>文本 — LSTM（CPU 上很快）</translation>
    </message>
    <message>
        <source>Images — GAN</source>
        <translation>图像 — GAN</translation>
    </message>
    <message>
        <source>Images — VAE</source>
        <translation>图像 — VAE</translation>
    </message>
    <message>
        <source>Sounds — VAE</source>
        <translation>声音 — VAE</translation>
    </message>
    <message>
        <source>From scratch</source>
        <translation>从头训练</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>微调</translation>
    </message>
    <message>
        <source>The model to fine-tune: a shipped model or one of yours</source>
        <translation>要微调的模型：内置模型或你自己的模型</translation>
    </message>
    <message>
        <source>The new model&apos;s name; it appears under this name in the model pickers</source>
        <translation>新模型的名称；它会以此名称出现在模型选择框中</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <source>Preset&apos;s</source>
        <translation>按预设</translation>
    </message>
    <message>
        <source>Make a sample every this many steps (and at step 0)</source>
        <translation>每隔这么多步生成一次样本（第 0 步也会生成）</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Sample every</source>
        <translation>样本间隔</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>规模</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <source>%1 (yours)</source>
        <translation>%1（你的）</translation>
    </message>
    <message>
        <source>No model of this kind to fine-tune yet: train one from scratch.</source>
        <translation>还没有可微调的这类模型：请先从头训练一个。</translation>
    </message>
</context>
<context>
    <name>ModelsManager</name>
    <message>
        <source>Your models</source>
        <translation>你的模型</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Trained</source>
        <translation>训练日期</translation>
    </message>
    <message>
        <source>No models of yours yet: train one in the Train tab, or import a .zip.</source>
        <translation>你还没有自己的模型：请在“训练”标签页中训练一个，或导入 .zip。</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Write the model (weights, card, tokenizer) to one .zip file</source>
        <translation>把模型（权重、模型卡、分词器）写入一个 .zip 文件</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Add a model from a .zip exported by AIGC Studio</source>
        <translation>从 AIGC Studio 导出的 .zip 添加模型</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
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
        <source>Renaming…</source>
        <translation>正在重命名…</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Deleting…</source>
        <translation>正在删除…</translation>
    </message>
    <message>
        <source>Rename model</source>
        <translation>重命名模型</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <source>Export model</source>
        <translation>导出模型</translation>
    </message>
    <message>
        <source>Model archive (*.zip)</source>
        <translation>模型压缩包 (*.zip)</translation>
    </message>
    <message>
        <source>Import model</source>
        <translation>导入模型</translation>
    </message>
    <message>
        <source>Delete model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <source>Delete the model %1? Its folder is removed; this cannot be undone.</source>
        <translation>删除模型 %1？它的文件夹会被移除，且无法撤销。</translation>
    </message>
    <message>
        <source>Stopped: nothing was changed.</source>
        <translation>已停止：没有做任何改动。</translation>
    </message>
    <message>
        <source>Renamed to %1.</source>
        <translation>已重命名为 %1。</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>已导出到 %1。</translation>
    </message>
    <message>
        <source>Imported %1.</source>
        <translation>已导入 %1。</translation>
    </message>
    <message>
        <source>Deleted.</source>
        <translation>已删除。</translation>
    </message>
    <message>
        <source>Files that were not the model&apos;s were left in its folder: %1</source>
        <translation>不属于该模型的文件留在了它的文件夹中：%1</translation>
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
    <name>ResumeBar</name>
    <message>
        <source>Resume</source>
        <translation>继续训练</translation>
    </message>
    <message>
        <source>Go on from the last checkpoint</source>
        <translation>从上一个检查点继续</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>以后再说</translation>
    </message>
    <message>
        <source>An unfinished training can be resumed: %1, stopped at step %2.</source>
        <translation>有一次未完成的训练可以继续：%1，停在第 %2 步。</translation>
    </message>
    <message>
        <source>(%1 more)</source>
        <translation>（还有 %1 个）</translation>
    </message>
</context>
<context>
    <name>RunView</name>
    <message>
        <source>No training yet: choose the data and the model, then press Start.</source>
        <translation>还没有训练：请选择数据和模型，然后按“开始训练”。</translation>
    </message>
    <message>
        <source>Samples of the text the model writes appear here, from step 0 on.</source>
        <translation>从第 0 步起，模型写出的文字样本会显示在这里。</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>The evaluation of the trained model (held-out figures) appears here when a run ends.</source>
        <translation>训练结束后，模型的评估结果（留出集指标）会显示在这里。</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>The evaluation of the trained model appears here when the run ends.</source>
        <translation>训练结束后，模型的评估结果会显示在这里。</translation>
    </message>
    <message>
        <source>step %v of %m</source>
        <translation>第 %v / %m 步</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <source>— step %1 —</source>
        <translation>— 第 %1 步 —</translation>
    </message>
    <message>
        <source>Warning: </source>
        <translation>警告：</translation>
    </message>
    <message>
        <source>Error: </source>
        <translation>错误：</translation>
    </message>
    <message>
        <source>This run has no evaluation figures.</source>
        <translation>这次训练没有评估指标。</translation>
    </message>
    <message>
        <source>Evaluation of %1</source>
        <translation>%1 的评估</translation>
    </message>
    <message>
        <source>device: %1</source>
        <translation>设备：%1</translation>
    </message>
    <message>
        <source>memory: %1 MB</source>
        <translation>内存：%1 MB</translation>
    </message>
    <message>
        <source>GPU memory: %1 MB</source>
        <translation>显存：%1 MB</translation>
    </message>
</context>
<context>
    <name>SampleGrid</name>
    <message>
        <source>Earlier samples</source>
        <translation>更早的样本</translation>
    </message>
    <message>
        <source>No samples yet: the first comes at step 0.</source>
        <translation>还没有样本：第一个在第 0 步生成。</translation>
    </message>
    <message>
        <source>Step %1 · %2 images</source>
        <translation>第 %1 步 · %2 张图像</translation>
    </message>
    <message>
        <source>Step %1</source>
        <translation>第 %1 步</translation>
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
        <source>permission denied</source>
        <translation>没有权限</translation>
    </message>
    <message>
        <source>the disk is read-only</source>
        <translation>磁盘是只读的</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <source>a file is in the way where a folder should be</source>
        <translation>应为文件夹的位置有一个同名文件</translation>
    </message>
    <message>
        <source>the name is too long</source>
        <translation>名称太长</translation>
    </message>
    <message>
        <source>the place does not exist</source>
        <translation>该位置不存在</translation>
    </message>
    <message>
        <source>the name is not valid here</source>
        <translation>此名称在这里无效</translation>
    </message>
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
    <name>SoundSamples</name>
    <message>
        <source>▶ Play</source>
        <translation>▶ 播放</translation>
    </message>
    <message>
        <source>Play the selected sample</source>
        <translation>播放选中的样本</translation>
    </message>
    <message>
        <source>Step %1 · %2 s</source>
        <translation>第 %1 步 · %2 秒</translation>
    </message>
</context>
<context>
    <name>SoundView</name>
    <message>
        <source>s</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>The sound system&apos;s own words about this are in the studio&apos;s log.</source>
        <translation>声音系统对此的原话记录在工作室的日志中。</translation>
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
        <translation>例如 \n\n, 全文完</translation>
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
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
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
        <source>Automatic (metre of the first verse)</source>
        <translation>自动（按首句字数）</translation>
    </message>
    <message>
        <source>Free (no form)</source>
        <translation>自由（不限格律）</translation>
    </message>
    <message>
        <source>五言绝句 (4 verses of 5)</source>
        <translation>五言绝句（四句，每句五字）</translation>
    </message>
    <message>
        <source>七言绝句 (4 verses of 7)</source>
        <translation>七言绝句（四句，每句七字）</translation>
    </message>
    <message>
        <source>五言律诗 (8 verses of 5)</source>
        <translation>五言律诗（八句，每句五字）</translation>
    </message>
    <message>
        <source>七言律诗 (8 verses of 7)</source>
        <translation>七言律诗（八句，每句七字）</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>诗体</translation>
    </message>
    <message>
        <source>A regular poem&apos;s form, always met: 4 or 8 verses of 5 or 7 characters, ，and 。 in their places, even verses rhyming; the model still chooses the words. Automatic takes the metre from your first verse (or the model&apos;s). Free: the text as the model writes it</source>
        <translation>格律诗的体式，一定满足：四句或八句，每句五字或七字，，和。各在其位，偶数句押韵；用字仍由模型选择。“自动”按你的首句（或模型写的首句）定字数。“自由”：按模型原样输出</translation>
    </message>
    <message>
        <source>Queued after the running text job (%1 waiting).</source>
        <translation>已排在正在运行的文本任务之后（%1 个等待中）。</translation>
    </message>
    <message>
        <source>The model added nothing: the piece looks finished. It can be saved as it is (Ctrl+S).</source>
        <translation>模型没有再写出内容：作品似乎已完成。可以按原样保存（Ctrl+S）。</translation>
    </message>
    <message>
        <source>Undo: bring back the previous text</source>
        <translation>撤销：恢复上一段文本</translation>
    </message>
    <message>
        <source>The previous text is back.</source>
        <translation>上一段文本已恢复。</translation>
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
        <source>%1 more jobs wait in the queue</source>
        <translation>队列中还有 %1 个任务在等待</translation>
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
        <source>This is not a text job&apos;s settings.</source>
        <translation>这不是文本任务的设置。</translation>
    </message>
    <message>
        <source>Opened %1 as the prompt.</source>
        <translation>已将 %1 作为提示词打开。</translation>
    </message>
</context>
<context>
    <name>TrainPanel</name>
    <message>
        <source>Start training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <source>Train with these settings (queued if another job runs)</source>
        <translation>按这些设置训练（若有其他任务在运行则排队）</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Hold the training between steps; paused time spends no budget</source>
        <translation>在两步之间暂停训练；暂停的时间不计入预算</translation>
    </message>
    <message>
        <source>Stop and save</source>
        <translation>停止并保存</translation>
    </message>
    <message>
        <source>End now and keep the model trained so far</source>
        <translation>现在结束，并保留目前训练好的模型</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>中止</translation>
    </message>
    <message>
        <source>End now without a model (the checkpoint is kept: it can be resumed)</source>
        <translation>现在结束，不保存模型（检查点会保留，可以继续训练）</translation>
    </message>
    <message>
        <source>Your models…</source>
        <translation>你的模型…</translation>
    </message>
    <message>
        <source>Rename, export, import or delete your models</source>
        <translation>重命名、导出、导入或删除你的模型</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Measure the trained model against the run&apos;s held-out data (else its dataset) and write the figures into its card</source>
        <translation>用这次训练的留出数据（没有时用其数据集）测量训练好的模型，并把指标写入模型卡</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>1 · Dataset</source>
        <translation>1 · 数据集</translation>
    </message>
    <message>
        <source>2 · Training</source>
        <translation>2 · 训练</translation>
    </message>
    <message>
        <source>This dataset holds texts; choose a text model.</source>
        <translation>此数据集包含文本；请选择文本模型。</translation>
    </message>
    <message>
        <source>This dataset holds images; choose an image model.</source>
        <translation>此数据集包含图像；请选择图像模型。</translation>
    </message>
    <message>
        <source>This dataset holds sounds; choose a sound model.</source>
        <translation>此数据集包含声音；请选择声音模型。</translation>
    </message>
    <message>
        <source>No dataset yet: choose or drop a folder in the Dataset view.</source>
        <translation>还没有数据集：请在“数据集”视图中选择或拖入一个文件夹。</translation>
    </message>
    <message>
        <source>%1 images</source>
        <translation>%1 张图像</translation>
    </message>
    <message>
        <source>%1 sounds</source>
        <translation>%1 个声音</translation>
    </message>
    <message>
        <source>%1 text files</source>
        <translation>%1 个文本文件</translation>
    </message>
    <message>
        <source>%1 files</source>
        <translation>%1 个文件</translation>
    </message>
    <message>
        <source>%1 from %2</source>
        <translation>%1，来自 %2</translation>
    </message>
    <message>
        <source>%1 left out (duplicates, unreadable or by you)</source>
        <translation>已排除 %1 个（重复、无法读取或由你排除）</translation>
    </message>
    <message>
        <source>Give the new model a name.</source>
        <translation>请给新模型起个名字。</translation>
    </message>
    <message>
        <source>A model or folder named %1 exists already: choose another name.</source>
        <translation>名为 %1 的模型或文件夹已存在：请换一个名称。</translation>
    </message>
    <message>
        <source>Choose the model to fine-tune.</source>
        <translation>请选择要微调的模型。</translation>
    </message>
    <message>
        <source>This kind of model reads the whole folder %1: the files left out of the dataset are used too.</source>
        <translation>这类模型会读取整个文件夹 %1：数据集中排除的文件也会被使用。</translation>
    </message>
    <message>
        <source>Queued: it starts when the jobs before it are done.</source>
        <translation>排队中：前面的任务完成后就会开始。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>Training queued: it starts when the running one ends.</source>
        <translation>训练已排队：当前的训练结束后开始。</translation>
    </message>
    <message>
        <source>Resuming %1 from its checkpoint.</source>
        <translation>正在从检查点继续训练 %1。</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>正在训练…</translation>
    </message>
    <message>
        <source>Paused: press Resume to go on.</source>
        <translation>已暂停：按“继续”接着训练。</translation>
    </message>
    <message>
        <source>Stopping and saving the model…</source>
        <translation>正在停止并保存模型…</translation>
    </message>
    <message>
        <source>Aborting…</source>
        <translation>正在中止…</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Queue another training</source>
        <translation>再排队一次训练</translation>
    </message>
    <message>
        <source>Training %1: step %2 of %3</source>
        <translation>正在训练 %1：第 %2 / %3 步</translation>
    </message>
    <message>
        <source>Training %1: step %2 (time budget %3 min)</source>
        <translation>正在训练 %1：第 %2 步（时间预算 %3 分钟）</translation>
    </message>
    <message>
        <source>Nothing was held out of this run&apos;s data: the figures are measured on the training data and flatter the model.</source>
        <translation>这次训练的数据没有留出任何部分：指标是在训练数据上测得的，会高估模型。</translation>
    </message>
    <message>
        <source>There is no trained model to evaluate: finish or stop-and-save a training first.</source>
        <translation>没有可评估的已训练模型：请先完成训练，或停止并保存。</translation>
    </message>
    <message>
        <source>An evaluation is running: wait for it.</source>
        <translation>正在评估：请等待它完成。</translation>
    </message>
    <message>
        <source>Evaluating %1…</source>
        <translation>正在评估 %1…</translation>
    </message>
    <message>
        <source>Evaluated %1: the figures are written into its card.</source>
        <translation>已评估 %1：指标已写入其模型卡。</translation>
    </message>
    <message>
        <source>The evaluation was stopped; nothing was written.</source>
        <translation>评估已停止；没有写入任何内容。</translation>
    </message>
    <message>
        <source>The evaluation failed: %1</source>
        <translation>评估失败：%1</translation>
    </message>
    <message>
        <source>Stopped and saved after %1 steps: the model %2 is ready in the Image, Text or Audio tab.</source>
        <translation>训练 %1 步后已停止并保存：模型 %2 已可在“图像”“文本”或“音频”标签页中使用。</translation>
    </message>
    <message>
        <source>The time budget is spent after %1 steps: the model %2 is ready in the Image, Text or Audio tab.</source>
        <translation>时间预算在 %1 步后用完：模型 %2 已可在“图像”“文本”或“音频”标签页中使用。</translation>
    </message>
    <message>
        <source>Done after %1 steps: the model %2 is ready in the Image, Text or Audio tab.</source>
        <translation>训练 %1 步后完成：模型 %2 已可在“图像”“文本”或“音频”标签页中使用。</translation>
    </message>
    <message>
        <source>Aborted: no model was written; the checkpoint is kept, so the run can be resumed.</source>
        <translation>已中止：没有写入模型；检查点已保留，可以继续这次训练。</translation>
    </message>
    <message>
        <source>The training failed: %1</source>
        <translation>训练失败：%1</translation>
    </message>
    <message>
        <source>The model %1 is trained.</source>
        <translation>模型 %1 已训练完成。</translation>
    </message>
</context>
<context>
    <name>TrainRun</name>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 词元/秒</translation>
    </message>
    <message>
        <source>%1 images/s</source>
        <translation>%1 张图像/秒</translation>
    </message>
    <message>
        <source>%1 sounds/s</source>
        <translation>%1 个声音/秒</translation>
    </message>
    <message>
        <source>%1 samples/s</source>
        <translation>%1 个样本/秒</translation>
    </message>
    <message>
        <source>%1 characters/s</source>
        <translation>%1 字符/秒</translation>
    </message>
    <message>
        <source>%1 items/s</source>
        <translation>%1 项/秒</translation>
    </message>
    <message>
        <source>training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>held-out loss</source>
        <translation>留出集损失</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>held-out perplexity</source>
        <translation>留出集困惑度</translation>
    </message>
    <message>
        <source>perplexity</source>
        <translation>困惑度</translation>
    </message>
    <message>
        <source>FID</source>
        <translation>FID</translation>
    </message>
    <message>
        <source>KID</source>
        <translation>KID</translation>
    </message>
    <message>
        <source>FID (held-out)</source>
        <translation>FID（留出集）</translation>
    </message>
    <message>
        <source>KID (held-out)</source>
        <translation>KID（留出集）</translation>
    </message>
    <message>
        <source>held-out log-spectral distance (dB)</source>
        <translation>留出集对数谱距离 (dB)</translation>
    </message>
    <message>
        <source>log-spectral distance (dB)</source>
        <translation>对数谱距离 (dB)</translation>
    </message>
    <message>
        <source>discriminator loss</source>
        <translation>判别器损失</translation>
    </message>
    <message>
        <source>generator loss</source>
        <translation>生成器损失</translation>
    </message>
    <message>
        <source>reconstruction</source>
        <translation>重建</translation>
    </message>
    <message>
        <source>KL</source>
        <translation>KL 散度</translation>
    </message>
    <message>
        <source>STFT loss</source>
        <translation>STFT 损失</translation>
    </message>
    <message>
        <source>pitch loss</source>
        <translation>音高损失</translation>
    </message>
    <message>
        <source>held-out STFT loss</source>
        <translation>留出集 STFT 损失</translation>
    </message>
    <message>
        <source>held-out pitch error (cents)</source>
        <translation>留出集音高误差（音分）</translation>
    </message>
    <message>
        <source>held-out reconstruction error</source>
        <translation>留出集重建误差</translation>
    </message>
    <message>
        <source>memorisation</source>
        <translation>记忆程度</translation>
    </message>
    <message>
        <source>diversity</source>
        <translation>多样性</translation>
    </message>
    <message>
        <source>distance to the nearest training image</source>
        <translation>与最近训练图像的距离</translation>
    </message>
    <message>
        <source>D score of real images</source>
        <translation>判别器对真实图像的评分</translation>
    </message>
    <message>
        <source>D score of fakes</source>
        <translation>判别器对生成图像的评分</translation>
    </message>
    <message>
        <source>D class loss (real images)</source>
        <translation>判别器类别损失（真实图像）</translation>
    </message>
    <message>
        <source>G class loss (samples)</source>
        <translation>生成器类别损失（生成样本）</translation>
    </message>
    <message>
        <source>G mode-seeking loss</source>
        <translation>生成器寻模损失（多样性）</translation>
    </message>
    <message>
        <source>D score of held-out images</source>
        <translation>判别器对留出图像的评分</translation>
    </message>
    <message>
        <source>D score of samples</source>
        <translation>判别器对样本的评分</translation>
    </message>
    <message>
        <source>held-out loss per character</source>
        <translation>留出集每字符损失</translation>
    </message>
    <message>
        <source>held-out loss per token</source>
        <translation>留出集每词元损失</translation>
    </message>
    <message>
        <source>held-out sounds within 50 cents</source>
        <translation>音高误差在 50 音分内的留出声音比例</translation>
    </message>
    <message>
        <source>log-spectral distance FFT sizes</source>
        <translation>对数谱距离的 FFT 大小</translation>
    </message>
    <message>
        <source>reconstruction error (of 255)</source>
        <translation>重建误差（满值 255）</translation>
    </message>
    <message>
        <source>reconstruction PSNR (dB)</source>
        <translation>重建 PSNR (dB)</translation>
    </message>
    <message>
        <source>variance explained by the sliders</source>
        <translation>滑块解释的方差</translation>
    </message>
    <message>
        <source>held-out sounds</source>
        <translation>留出声音数</translation>
    </message>
    <message>
        <source>held-out images</source>
        <translation>留出图像数</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>held-out loss (per token)</source>
        <translation>留出集损失（每词元）</translation>
    </message>
    <message>
        <source>held-out text</source>
        <translation>留出文本</translation>
    </message>
    <message>
        <source>%1 tokens in %2 texts</source>
        <translation>%2 篇文本中的 %1 个词元</translation>
    </message>
    <message>
        <source>FID (lower is better)</source>
        <translation>FID（越低越好）</translation>
    </message>
    <message>
        <source>not measured: needs %1 images</source>
        <translation>未测量：需要 %1 张图像</translation>
    </message>
    <message>
        <source>KID (lower is better)</source>
        <translation>KID（越低越好）</translation>
    </message>
    <message>
        <source>the same for real training images</source>
        <translation>真实训练图像的同一指标</translation>
    </message>
    <message>
        <source>%1 of %2 samples</source>
        <translation>%2 个样本中的 %1 个</translation>
    </message>
    <message>
        <source>diversity (samples / held-out images)</source>
        <translation>多样性（样本 / 留出图像）</translation>
    </message>
    <message>
        <source>compared with</source>
        <translation>比较对象</translation>
    </message>
    <message>
        <source>%1 samples, %2 held-out images</source>
        <translation>%1 个样本，%2 张留出图像</translation>
    </message>
    <message>
        <source>KID values near or below 0 mean: indistinguishable from the held-out images at this sample size</source>
        <translation>KID 接近或低于 0 表示：在这样的样本量下，与留出图像无法区分</translation>
    </message>
    <message>
        <source>samples that are near copies of a training image</source>
        <translation>几乎复制了某张训练图像的样本</translation>
    </message>
    <message>
        <source>samples nearer a training image than 95 % of held-out images are</source>
        <translation>比 95% 的留出图像更接近某张训练图像的样本</translation>
    </message>
    <message>
        <source>feature network</source>
        <translation>特征网络</translation>
    </message>
</context>
<context>
    <name>TrainTab</name>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Open the Train tab</source>
        <translation>打开训练标签页(&amp;O)</translation>
    </message>
    <message>
        <source>Train or fine-tune a model on your own data</source>
        <translation>用你自己的数据训练或微调模型</translation>
    </message>
    <message>
        <source>&amp;Start training</source>
        <translation>开始训练(&amp;S)</translation>
    </message>
    <message>
        <source>Train with the Train tab&apos;s settings</source>
        <translation>按训练标签页的设置进行训练</translation>
    </message>
    <message>
        <source>&amp;Pause or resume</source>
        <translation>暂停或继续(&amp;P)</translation>
    </message>
    <message>
        <source>Stop and s&amp;ave</source>
        <translation>停止并保存(&amp;A)</translation>
    </message>
    <message>
        <source>End the training now and keep the model trained so far</source>
        <translation>现在结束训练，并保留目前训练好的模型</translation>
    </message>
    <message>
        <source>A&amp;bort</source>
        <translation>中止(&amp;B)</translation>
    </message>
    <message>
        <source>End the training without a model (it can be resumed)</source>
        <translation>结束训练，不保存模型（之后可以继续）</translation>
    </message>
    <message>
        <source>&amp;Your models…</source>
        <translation>你的模型(&amp;Y)…</translation>
    </message>
    <message>
        <source>Rename, export, import or delete your models</source>
        <translation>重命名、导出、导入或删除你的模型</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Reading the favourites…</source>
        <translation>正在读取收藏…</translation>
    </message>
    <message>
        <source>The favourites are the dataset: choose the model and press Start.</source>
        <translation>收藏已作为数据集：请选择模型并按“开始训练”。</translation>
    </message>
</context>
</TS>
