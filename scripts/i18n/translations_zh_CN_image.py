"""Simplified Chinese for the Image panel strings (merged by translations_zh_CN.py)."""

ZH: dict[str, str] = {
    # --- words of core.base.specs shown by the panel ---------------------------------------------------------
    "Truncation must be between 0 (the average image) and 2; 1 is off.":
        "截断值必须在 0（平均图像）到 2 之间；1 = 关闭。",
    "Best of N: N must be between 1 and 1024.": "优中选优：N 必须在 1 到 1024 之间。",
    "Best of N: keep at most N images.": "优中选优：保留的图像数不能超过 N。",
    "Select a image first.": "请先选择一张图像。",
    "Select two images to interpolate between.": "请选择两张图像，在它们之间插值。",
    "A stored image latent is damaged (not a list of finite numbers).": "保存的图像潜向量已损坏（不是一组有限数值）。",
    "The image latents must be a list of at most 64 vectors.": "图像潜向量最多只能有 64 个。",

    # --- canvas toolbar --------------------------------------------------------------------------------------
    "Fit": "适合窗口",
    "Show every image (key 0)": "显示全部图像（按键 0）",
    "100%": "100%",
    "Actual pixels (key 1)": "实际像素（按键 1）",
    "−": "−",
    "Zoom out (key −, or Ctrl + mouse wheel)": "缩小（按键 −，或 Ctrl + 鼠标滚轮）",
    "+": "+",
    "Zoom in (key +, or Ctrl + mouse wheel)": "放大（按键 +，或 Ctrl + 鼠标滚轮）",
    "Grid": "网格",
    "Frame every image slot; from 800 % also the pixel grid": "给每个图像位置加边框；放大到 800% 起还显示像素网格",
    "Sort by score": "按评分排序",
    "Put the best-scored images first (Best of N)": "把评分最高的图像排在前面（优中选优）",
    "Select all": "全选",
    "Select every image on the canvas (Ctrl+A)": "选中画布上的所有图像（Ctrl+A）",
    "Clear canvas": "清空画布",
    "Remove every image from the canvas (saved files stay)": "移除画布上的所有图像（已保存的文件不受影响）",
    "%v / %m images": "%v / %m 张图像",
    "Ready. Generate a batch, or drop an image file on the canvas.": "就绪。生成一批图像，或把图像文件拖到画布上。",
    "seed %1": "种子 %1",
    "score %1": "评分 %1",

    # --- model -----------------------------------------------------------------------------------------------
    "No image model found": "未找到图像模型",
    "Use an image model folder (card.json + model.safetensors), for example one you trained":
        "使用一个图像模型文件夹（card.json + model.safetensors），例如你自己训练的模型",
    "GAN": "GAN",
    "VAE": "VAE",
    "This folder holds a %1 model, not an image model.": "这个文件夹里是%1模型，不是图像模型。",
    "A GAN: truncation and Best of N apply; it cannot encode image files.":
        "GAN 模型：可使用截断和优中选优；不能编码图像文件。",
    "A VAE: it can encode image files dropped on the canvas; truncation brings new samples nearer the average image.":
        "VAE 模型：可以编码拖到画布上的图像文件；截断让新样本更接近平均图像。",
    "No image model is installed yet: use “Open model folder…” to choose one.":
        "尚未安装图像模型：请用“打开模型文件夹…”选择一个。",

    # --- generate ----------------------------------------------------------------------------------------------
    "Images": "图像数",
    "Keep the best of": "保留最佳，共抽取",
    " drawn": " 张",
    "How many images to make: 1 to 64. With Best of N: how many of the best to keep":
        "要生成多少张图像：1 到 64。使用优中选优时：保留多少张最佳图像",
    "Random: a new seed every time. Fixed: the seed in the box (same settings + same seed = same images). "
    "Reuse last: the seed of the last job. Last + 1: the next seed":
        "随机：每次使用新种子。固定：使用框中的种子（相同设置 + 相同种子 = 相同图像）。"
        "沿用上次：使用上一个任务的种子。上次 + 1：使用下一个种子",
    "Truncation": "截断",
    "GAN models: below 1 the images are more typical and cleaner, above 1 more varied and stranger; 1 = off":
        "GAN 模型：小于 1 时图像更典型、更干净，大于 1 时更多样、更奇特；1 = 关闭",
    "Best of N": "优中选优",
    "GAN models: draw N images, score each with the discriminator and keep the best (as many as Images); the "
    "score is shown under each image":
        "GAN 模型：抽取 N 张图像，用判别器给每张打分，保留最好的几张（数量同“图像数”）；评分显示在每张图像下方",
    "Make a batch of images with these settings (Ctrl+Enter)": "用这些设置生成一批图像（Ctrl+Enter）",
    "Stop after the current batch; the images so far stay (Esc)": "在当前这批完成后停止；已生成的图像会保留（Esc）",
    "An image job is already running: stop it or wait for it.": "已有图像任务正在运行：请先停止或等待它完成。",
    "%1 · best %2 of %3 · seed %4": "%1 · %3 张中最佳 %2 张 · 种子 %4",
    "%1 · variations · strength %2 · seed %3": "%1 · 变体 · 强度 %2 · 种子 %3",
    "%1 · interpolation · %2 frames": "%1 · 插值 · %2 帧",
    "%1 · encoded %2: reconstruction and variations": "%1 · 编码 %2：重建与变体",
    "%1 · from saved settings": "%1 · 来自保存的设置",
    "%1 · seed %2 · %3 images": "%1 · 种子 %2 · %3 张图像",
    "Generating %1 images with %2 (seed %3)…": "正在用 %2 生成 %1 张图像（种子 %3）…",
    "Done: select images and press Ctrl+S to save them.": "完成：选中图像后按 Ctrl+S 保存。",
    "%1 images": "%1 张图像",
    "%1 s": "%1 秒",

    # --- explore -----------------------------------------------------------------------------------------------
    "Explore the selection": "探索所选图像",
    " fps": " 帧/秒",
    "Strength": "强度",
    "How far variations may stray from the selected image: 0 = the same image, 2 = far":
        "变体可以偏离所选图像多远：0 = 完全相同，2 = 相差很远",
    "Frames": "帧数",
    "Images in an interpolation, both ends included: 2 to 64": "插值中的图像数（含两端）：2 到 64",
    "Animation": "动画",
    "Frames per second of an exported GIF or WebP animation": "导出的 GIF 或 WebP 动画每秒的帧数",
    "Variations": "变体",
    "Images close to the selected one (as many as Images, with the seed and the strength above)":
        "生成与所选图像相近的图像（数量同“图像数”，使用上面的种子和强度）",
    "Interpolate": "插值",
    "A row of frames from the first picked image to the second": "从第一张选中的图像过渡到第二张的一排帧",
    "Export strip…": "导出序列…",
    "Save the selected images (or the interpolation they belong to) as a sprite sheet PNG or an animated GIF "
    "or WebP":
        "把所选图像（或它们所属的插值序列）保存为精灵图 PNG，或 GIF / WebP 动画",
    "Nothing selected: click an image (Ctrl+click or drag a box for more).":
        "未选择图像：单击一张图像（按住 Ctrl 单击或拖出选框可多选）。",
    "1 image selected.": "已选择 1 张图像。",
    "%1 images selected.": "已选择 %1 张图像。",
    "%1 selected": "已选 %1 张",
    "Select one image (click it) to make variations of it.": "请选择一张图像（单击它）来生成它的变体。",
    "Select two images (click one, Ctrl+click the other) to interpolate between them.":
        "请选择两张图像（单击一张，再按住 Ctrl 单击另一张），在它们之间插值。",
    "Wait until the selected images are finished: their settings arrive with the end of the job.":
        "请等所选图像生成完成：它们的设置会在任务结束时送达。",
    "The two images come from different models: pick two made by the same model.":
        "这两张图像来自不同的模型：请选择由同一个模型生成的两张。",
    "Canvas cleared. Saved files are not touched.": "画布已清空。已保存的文件不受影响。",

    # --- directions ----------------------------------------------------------------------------------------------
    "Directions of variation": "变化方向",
    "The main ways the model's images differ (principal components). Drag a slider to move the selected image "
    "along one; it updates as you drag":
        "模型图像之间最主要的差异方向（主成分）。拖动滑块即可让所选图像沿该方向变化，拖动时实时更新",
    "Reset sliders": "重置滑块",
    "Put every slider back to 0 and bring the image back": "把所有滑块归零，并恢复原来的图像",
    "This model has no directions to explore.": "这个模型没有可探索的方向。",
    "Select one finished image to move it along the model's main directions.":
        "选择一张已完成的图像，即可让它沿模型的主要方向变化。",
    "Drag a slider: the selected image changes as you drag.": "拖动滑块：所选图像会随之变化。",
    "Direction %1: drag to move the selected image along it (−3 to +3)": "方向 %1：拖动让所选图像沿它变化（−3 到 +3）",
    "Direction %1": "方向 %1",

    # --- files ---------------------------------------------------------------------------------------------------
    "Files": "文件",
    "Save the selected images — with none selected, those of the last job — as PNG files with their settings "
    "inside (Ctrl+S)":
        "把所选图像（未选择时为上一个任务的图像）保存为内含生成设置的 PNG 文件（Ctrl+S）",
    "Export…": "导出…",
    "Write the selected images (with none selected: all of them) to a folder you choose":
        "把所选图像（未选择时为全部图像）写入你选择的文件夹",
    "Encode an image…": "编码图像…",
    "Open an image file for a VAE model to encode: the canvas shows its reconstruction and variations. You can "
    "also drop a file on the canvas":
        "打开一个图像文件交给 VAE 模型编码：画布会显示它的重建结果和变体。也可以直接把文件拖到画布上",
    "Several files were dropped: only the first one is used.": "拖入了多个文件：只使用第一个。",
    "Encode an image": "编码图像",
    "Images (%1);;All files (*)": "图像 (%1);;所有文件 (*)",
    "An image job is already running: stop it or wait for it, then drop the file again.":
        "已有图像任务正在运行：请先停止或等待它完成，然后再拖入文件。",
    "%1 holds the settings of a %2 job: open it with File › Open asset.":
        "%1 保存的是%2任务的设置：请用“文件 › 打开素材”打开它。",
    "Encoding an image needs a VAE image model, and none is installed. Use “Open model folder…” to add one.":
        "编码图像需要 VAE 图像模型，但尚未安装。请用“打开模型文件夹…”添加一个。",
    "Switched to %1: only a VAE model can encode an image.": "已切换到 %1：只有 VAE 模型能编码图像。",
    "Nothing to save yet: generate images, then select some.": "还没有可保存的内容：请先生成图像，再选择要保存的。",
    "Wait until the job has finished: the settings that make each image arrive at its end.":
        "请等待任务完成：生成每张图像的设置会在任务结束时送达。",
    "Not saved: %1 The images are still here; try again.": "未保存：%1 图像仍在画布上，请再试一次。",
    "Saved %1 images in %2": "已将 %1 张图像保存到 %2",
    "(%1 still being made were left out.)": "（%1 张仍在生成中，未保存。）",
    "Export images to folder": "把图像导出到文件夹",
    "Nothing to export yet.": "还没有可导出的内容。",
    "Not exported: %1": "未导出：%1",
    "Exported %1 images to %2": "已将 %1 张图像导出到 %2",
    "Sprite sheet (*.png)": "精灵图 (*.png)",
    "Animated GIF (*.gif)": "GIF 动画 (*.gif)",
    "Animated WebP (*.webp)": "WebP 动画 (*.webp)",
    "Export strip": "导出序列",
    "Select two or more images, or an interpolation, to export a strip.": "请选择两张或更多图像，或一个插值序列，再导出。",
    "Exported %1 frames to %2": "已将 %1 帧导出到 %2",
    "This is not an image job's settings.": "这不是图像任务的设置。",
    "Settings restored; an image job is running: press Generate when it has finished.":
        "设置已恢复；有图像任务正在运行：等它完成后再按“生成”。",
}
